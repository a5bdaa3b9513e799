/**
 * Where the named things of a configuration — variables, locals, sources —
 * are declared and used. Definition, references, rename and hover all ask
 * the same two questions: what symbol is at this position, and where does
 * it occur. Ranges returned cover the name only, so a rename edits exactly
 * the name.
 */
import {
  rangeContains,
  LineIndex,
  type Configuration,
  type Expr,
  type ParsedFile,
  type Position,
  type Range,
} from '../../../template/index.js';
import { walkBody } from './walk.js';

export type SymbolKind = 'variable' | 'local' | 'source';

export interface SymbolRef {
  kind: SymbolKind;
  /** Variable or local name; for a source, `type.name`. */
  name: string;
}

export interface Occurrence {
  file: string;
  /** The name itself (no quotes, no `var.` prefix). */
  range: Range;
  declaration: boolean;
}

/** The files a configuration's symbols occur in: its templates plus the var files. */
export interface SymbolScope {
  config: Configuration;
  files: ParsedFile[];
}

/** Every occurrence of a symbol, declarations first, then in file order. */
export function occurrencesOf(scope: SymbolScope, symbol: SymbolRef): Occurrence[] {
  const all = allOccurrences(scope).filter((o) => o.symbol.kind === symbol.kind && o.symbol.name === symbol.name);
  return [...all.filter((o) => o.declaration), ...all.filter((o) => !o.declaration)].map(
    ({ file, range, declaration }) => ({ file, range, declaration }),
  );
}

/** The symbol whose name is under the position in a file, if any. */
export function symbolAt(scope: SymbolScope, file: string, position: Position): SymbolRef | undefined {
  return allOccurrences(scope).find((o) => o.file === file && rangeContains(o.range, position))?.symbol;
}

interface Found extends Occurrence {
  symbol: SymbolRef;
}

function allOccurrences(scope: SymbolScope): Found[] {
  const texts = new Map(scope.files.map((f) => [f.path, new LineIndex(f.text)]));
  const exact = (file: string, range: Range, name: string): Range => narrowTo(texts.get(file), range, name);
  const out: Found[] = [];
  const { config } = scope;
  for (const v of config.variables) {
    out.push({
      file: v.file,
      range: exact(v.file, v.nameRange, v.name),
      declaration: true,
      symbol: { kind: 'variable', name: v.name },
    });
  }
  for (const l of config.locals) {
    out.push({
      file: l.file,
      range: exact(l.file, l.nameRange, l.name),
      declaration: true,
      symbol: { kind: 'local', name: l.name },
    });
  }
  for (const s of config.sources) {
    out.push({
      file: s.file,
      range: exact(s.file, s.nameRange, s.name),
      declaration: true,
      symbol: { kind: 'source', name: `${s.type}.${s.name}` },
    });
  }
  for (const build of config.builds) {
    for (const ref of build.sources) {
      if (!ref.type || !ref.name) continue;
      out.push({
        file: build.file,
        range: exact(build.file, ref.range, ref.name),
        declaration: false,
        symbol: { kind: 'source', name: `${ref.type}.${ref.name}` },
      });
    }
  }
  for (const file of scope.files) {
    const index = texts.get(file.path)!;
    if (file.isVarFile) {
      // A var file's top-level attributes set the variables of that name (a JSON key: the name without its quotes).
      for (const a of file.body.attributes)
        out.push({
          file: file.path,
          range: exact(file.path, a.nameRange, a.name),
          declaration: false,
          symbol: { kind: 'variable', name: a.name },
        });
      continue;
    }
    walkBody(file.body, (expr) => out.push(...referencesIn(file, index, expr)));
  }
  return out;
}

const ROOTS: Record<string, SymbolKind> = { var: 'variable', local: 'local' };

/** `var.x` / `local.y` in HCL; `{{user \`x\`}}` in legacy JSON strings. */
function referencesIn(file: ParsedFile, index: LineIndex, expr: Expr): Found[] {
  if (expr.type === 'traversal') {
    const kind = ROOTS[expr.root];
    const step = expr.steps[0];
    if (!kind || !step || step.kind !== 'attr' || typeof step.name !== 'string') return [];
    return [
      {
        file: file.path,
        range: narrowTo(index, step.range, step.name),
        declaration: false,
        symbol: { kind, name: step.name },
      },
    ];
  }
  if (expr.type === 'template' && file.syntax === 'json') {
    const found: Found[] = [];
    for (const part of expr.parts) {
      if (part.kind !== 'literal') continue;
      const base = index.offsetAt(part.range.start);
      for (const m of part.raw.matchAll(/\{\{-?\s*user\s+[`"]([^`"]+)[`"]/g)) {
        const start = base + m.index! + m[0].length - 1 - m[1]!.length;
        found.push({
          file: file.path,
          range: index.rangeOf(start, start + m[1]!.length),
          declaration: false,
          symbol: { kind: 'variable', name: m[1]! },
        });
      }
    }
    return found;
  }
  return [];
}

/**
 * The part of a range that is exactly `name` (the last occurrence: in
 * `"source.chroot.base"` the name ends the text; in `"base"` quotes go).
 */
export function narrowTo(index: LineIndex | undefined, range: Range, name: string): Range {
  if (!index) return range;
  const start = index.offsetAt(range.start);
  const text = index.text.slice(start, index.offsetAt(range.end));
  const at = text.lastIndexOf(name);
  return at < 0 ? range : index.rangeOf(start + at, start + at + name.length);
}
