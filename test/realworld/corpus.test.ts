/**
 * The acceptance corpus of issue 10: real public chroot-family templates (test/fixtures/realworld, provenance in
 * SOURCES) with the verdict current Packer and its plugins give them (expectations.json, reasons in FINDINGS.md).
 *
 * Each configuration runs through the built CLI (`chrootforge validate --format json`, one process each) and:
 * - valid: its errors must be exactly `knownFalseErrors` — the false errors chrootforge gives today. A new one fails
 *   the test; one that disappears fails it too, so the list is removed from as the causes are fixed (a ratchet that
 *   ends at zero).
 * - invalid: at least one error must point at the fault (`field`, or `file` + `line`); `knownMissed` marks the ones
 *   chrootforge does not catch yet, and fails once it does.
 *
 * `CORPUS_UPDATE=1 npx vitest run test/realworld` rewrites knownFalseErrors/knownMissed from today's output instead
 * of asserting; review the diff of expectations.json before committing it.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const ROOT = join(import.meta.dirname, '../fixtures/realworld');
const MANIFEST = join(ROOT, 'expectations.json');
const UPDATE = process.env.CORPUS_UPDATE === '1';

interface Entry {
  verdict: 'valid' | 'invalid';
  vars?: Record<string, string>;
  varFiles?: string[];
  reason?: string;
  packerVersionNote?: string;
  /** invalid: the field an error must name or sit on */
  field?: string;
  /** invalid: the file (relative to the entry) and 1-based line an error must start on */
  file?: string;
  line?: number;
  knownFalseErrors?: string[];
  knownMissed?: boolean;
}

interface Diagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, Entry>;

/** The directory an entry's relative paths are taken from: the configuration directory, or the file's directory. */
function entryDir(path: string): string {
  const abs = join(ROOT, path);
  return statSync(abs).isDirectory() ? abs : dirname(abs);
}

async function errorsOf(path: string, entry: Entry): Promise<Diagnostic[]> {
  const args = ['validate', '--format', 'json'];
  for (const [name, value] of Object.entries(entry.vars ?? {})) args.push('--var', `${name}=${value}`);
  for (const file of entry.varFiles ?? []) args.push('--var-file', join(ROOT, file));
  args.push(join(ROOT, path));
  const run = await execa('node', [CLI, ...args], { cwd: entryDir(path), reject: false });
  if (run.exitCode !== 0 && run.exitCode !== 1) {
    throw new Error(`validate exited ${run.exitCode}: ${run.stderr}`);
  }
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.filter((d) => d.severity === 'error');
}

/** `file:line:col [code] message`, the file relative to the entry, positions 1-based: the form the manifest keeps. */
function describeError(path: string, d: Diagnostic): string {
  const file = d.file.startsWith('<') ? d.file : relative(entryDir(path), d.file);
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} [${d.code}] ${d.message}`;
}

/** The source text a diagnostic's range covers (its first line when it spans several). */
function rangeText(d: Diagnostic): string {
  if (d.file.startsWith('<')) return '';
  const line = readFileSync(d.file, 'utf8').split('\n')[d.range.start.line] ?? '';
  const end = d.range.end.line === d.range.start.line ? d.range.end.character : line.length;
  return line.slice(d.range.start.character, end);
}

/** Whether an error points at the fault the manifest records for an invalid entry. */
function pointsAtFault(path: string, entry: Entry, d: Diagnostic): boolean {
  if (entry.file !== undefined && entry.line !== undefined) {
    if (relative(entryDir(path), d.file) !== entry.file || d.range.start.line + 1 !== entry.line) return false;
  }
  if (entry.field !== undefined) {
    const word = new RegExp(`\\b${entry.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    return word.test(d.message) || rangeText(d).includes(entry.field);
  }
  return true;
}

const updated: Record<string, Entry> = {};
afterAll(() => {
  if (!UPDATE) return;
  const next: Record<string, Entry> = {};
  for (const [path, entry] of Object.entries(manifest)) next[path] = updated[path] ?? entry;
  writeFileSync(MANIFEST, `${JSON.stringify(next, null, 2)}\n`);
});

describe('realworld corpus: provenance', () => {
  it('every fixture file is listed in SOURCES, and every entry exists', () => {
    const listed = new Set(
      readFileSync(join(ROOT, 'SOURCES'), 'utf8')
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.split(' | ')[0]!),
    );
    const own = new Set(['SOURCES', 'expectations.json', 'FINDINGS.md']);
    const files = (readdirSync(ROOT, { recursive: true }) as string[]).filter(
      (p) => !own.has(p) && !statSync(join(ROOT, p)).isDirectory(),
    );
    expect(files.filter((p) => !listed.has(p))).toEqual([]);
    expect([...listed].filter((p) => !files.includes(p))).toEqual([]);
    expect(Object.keys(manifest).filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});

// Concurrent: each case is its own CLI process (about 0.3 s of CPU); vitest runs up to 5 at once.
describe.concurrent('realworld corpus: chrootforge agrees with current Packer', () => {
  for (const [path, entry] of Object.entries(manifest)) {
    it(`${entry.verdict}: ${path}`, async () => {
      const errors = await errorsOf(path, entry);
      const described = errors.map((d) => describeError(path, d));
      if (entry.verdict === 'valid') {
        const known = entry.knownFalseErrors ?? [];
        if (UPDATE) {
          const { knownFalseErrors: _, ...rest } = entry;
          updated[path] = described.length > 0 ? { ...rest, knownFalseErrors: described } : rest;
          return;
        }
        const fixed = known.filter((e) => !described.includes(e));
        const added = described.filter((e) => !known.includes(e));
        expect(
          { fixed, added },
          `${basename(path)} is valid under current Packer. "fixed": false errors that no longer appear — remove them ` +
            'from knownFalseErrors in expectations.json. "added": new false errors.',
        ).toEqual({ fixed: [], added: [] });
      } else {
        const caught = errors.filter((d) => pointsAtFault(path, entry, d)).map((d) => describeError(path, d));
        if (UPDATE) {
          const { knownMissed: _, ...rest } = entry;
          updated[path] = caught.length === 0 ? { ...rest, knownMissed: true } : rest;
          return;
        }
        if (entry.knownMissed) {
          expect(caught, `${path}: chrootforge now catches this fault — remove knownMissed`).toEqual([]);
        } else {
          expect(caught, `${path} is invalid (${entry.reason}); no error points at the fault`).not.toEqual([]);
        }
      }
    });
  }
});
