/**
 * Doublestar globbing for `fileset`, as Packer's (bmatcuk/doublestar v1)
 * finds files: within a path element `*` is any run of characters, `?`
 * one character, `[abc]`, `[a-z]` and `[^a]` a class (`!` is a plain
 * character there), `\` escapes; `{a,b}` alternatives may span elements;
 * `**` as a whole element is any number of directories, symbolic links
 * followed. Dot files are not special. (`path.matchesGlob` is Node 22.)
 * The walk reads only the injected `TemplateFiles`, never the disk.
 */
import * as posix from '../../text/posix-path.js';
import type { TemplateFiles } from '../../evaluation-model.js';

/** A pattern doublestar rejects (Go's path.ErrBadPattern). */
export class BadPattern extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/** A walk that read more directory entries than allowed. */
export class TooManyEntries extends Error {}

/** Directory entries one glob may read: `**` over a large tree would stall the editor. */
const MAX_ENTRIES = 100_000;

/** The index of `ch` from `from`, skipping `\`-escaped characters; -1 when absent. */
function indexUnescaped(runes: readonly string[], ch: string, from: number): number {
  for (let i = from; i < runes.length; i++) {
    if (runes[i] === '\\') i++;
    else if (runes[i] === ch) return i;
  }
  return -1;
}

/** The pattern with every `{…}` expanded: one pattern per combination of alternatives. */
export function expandBraces(pattern: string): string[] {
  const runes = [...pattern];
  const open = indexUnescaped(runes, '{', 0);
  if (open < 0) return [pattern];
  const bounds = [open];
  let depth = 0;
  for (let i = open; i < runes.length; i++) {
    const ch = runes[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === ',' && depth === 1) bounds.push(i);
    else if (ch === '}' && --depth === 0) {
      bounds.push(i);
      const [before, after] = [runes.slice(0, open).join(''), runes.slice(i + 1).join('')];
      return bounds
        .slice(1)
        .flatMap((end, k) => expandBraces(before + runes.slice(bounds[k]! + 1, end).join('') + after));
    }
  }
  throw new BadPattern();
}

const codePoint = (rune: string): number => rune.codePointAt(0)!;

/** The class starting at `runes[start]` (just past `[`): whether it holds `ch`, and the index of its `]`. */
function matchClass(runes: readonly string[], start: number, ch: string): { matched: boolean; end: number } {
  const end = indexUnescaped(runes, ']', start);
  if (end <= start) throw new BadPattern();
  const negated = runes[start] === '^';
  let i = negated ? start + 1 : start;
  const read = (): number => {
    let rune = runes[i++];
    if (rune === '-') throw new BadPattern();
    if (rune === '\\') rune = runes[i++];
    if (rune === undefined || i > end) throw new BadPattern();
    return codePoint(rune);
  };
  let matched = false;
  while (i < end) {
    const low = read();
    let high = low;
    if (runes[i] === '-') {
      i++;
      high = read();
    }
    if (low <= codePoint(ch) && codePoint(ch) <= high) matched = true;
  }
  return { matched: matched !== negated, end };
}

function matchRunes(p: readonly string[], pi: number, n: readonly string[], ni: number): boolean {
  while (pi < p.length && ni < n.length) {
    const ch = p[pi]!;
    if (ch === '*') {
      for (let k = ni; k <= n.length; k++) if (matchRunes(p, pi + 1, n, k)) return true;
      return false;
    }
    if (ch === '\\') {
      if (pi + 1 >= p.length) throw new BadPattern();
      if (p[pi + 1] !== n[ni]) return false;
      pi += 2;
    } else if (ch === '[') {
      const cls = matchClass(p, pi + 1, n[ni]!);
      if (!cls.matched) return false;
      pi = cls.end + 1;
    } else if (ch === '?' || ch === n[ni]) pi++;
    else return false;
    ni++;
  }
  // The name is used up: the pattern must be too, but for trailing stars.
  return ni >= n.length && p.slice(pi).every((c) => c === '*');
}

/** Whether one path element matches one pattern element (no `/`, braces expanded). */
export function matchElement(pattern: string, name: string): boolean {
  return matchRunes([...pattern], 0, [...name], 0);
}

const META = /[*?[\\]/;

/** The filesystem walked, the matches found, and how many directory entries were read to find them. */
interface Walk {
  files: TemplateFiles;
  out: string[];
  entries: number;
}

/** Whether `path` is a directory, following symbolic links (a broken one is not). */
function isDirectory(path: string, walk: Walk): boolean {
  try {
    return walk.files.stat(path) === 'directory';
  } catch {
    return false;
  }
}

function readDirectory(path: string, walk: Walk): string[] {
  let names: string[];
  try {
    names = walk.files.list(path);
  } catch {
    // Unreadable directories are skipped, as doublestar skips them.
    return [];
  }
  walk.entries += names.length;
  if (walk.entries > MAX_ENTRIES) throw new TooManyEntries();
  return names;
}

/** doublestar's doGlob: leading literal elements joined, then the directory's entries matched or descended into. */
function walkFrom(base: string, parts: readonly string[], walk: Walk, ancestors: ReadonlySet<string>): void {
  let i = 0;
  while (i < parts.length && !META.test(parts[i]!)) i++;
  const dir = posix.join(base, ...parts.slice(0, i));
  if (i === parts.length) {
    if (walk.files.exists(dir)) walk.out.push(dir);
    return;
  }
  if (!isDirectory(dir, walk)) return;
  const names = readDirectory(dir, walk);
  if (parts[i] === '**') {
    const last = i === parts.length - 1;
    // A link back up the tree would be followed forever: each directory once per descent.
    const inside = new Set(ancestors).add(walk.files.realpath(dir));
    for (const name of names) {
      const path = posix.join(dir, name);
      if (!isDirectory(path, walk)) {
        if (last) walk.out.push(path);
        continue;
      }
      if (last) walk.out.push(path);
      if (!inside.has(walk.files.realpath(path))) walkFrom(path, parts.slice(i), walk, inside);
    }
    if (last) return;
    i++;
  }
  const last = i === parts.length - 1;
  for (const name of names) {
    if (!matchElement(parts[i]!, name)) continue;
    const path = posix.join(dir, name);
    if (last) walk.out.push(path);
    else walkFrom(path, parts.slice(i + 1), walk, ancestors);
  }
}

/**
 * The paths matching a cleaned pattern in `files`: directories and links
 * included, possibly repeated. Throws BadPattern or TooManyEntries.
 */
export function glob(pattern: string, files: TemplateFiles): string[] {
  const walk: Walk = { files, out: [], entries: 0 };
  for (const expanded of expandBraces(pattern)) {
    const absolute = expanded.startsWith('/');
    walkFrom(absolute ? '/' : '.', expanded.split('/').slice(absolute ? 1 : 0), walk, new Set());
  }
  return walk.out;
}
