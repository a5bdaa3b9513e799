/**
 * Committed JSON snapshots: a test compares what it computes with a file in
 * the repository. A missing file is a failure (never written on the quiet),
 * and a difference is listed as JSON paths with both values. The files are
 * written only on request:
 *
 *   CHROOTFORGE_UPDATE_SNAPSHOTS=1 npx vitest run <test file>
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const UPDATE_VARIABLE = 'CHROOTFORGE_UPDATE_SNAPSHOTS';

/** At most this many differences are listed; the rest are counted. */
const LISTED = 20;

export interface SnapshotOptions {
  /** The test file, named in the update command a failure prints. */
  testFile: string;
  /** JSON.stringify's indentation of the committed file. */
  indent: number;
  /** Write the file instead of comparing (default: CHROOTFORGE_UPDATE_SNAPSHOTS=1). */
  update?: boolean;
}

/** Throws, saying what differs and how to update, unless `actual` equals the snapshot at `path`. */
export function expectJsonSnapshot(path: string, actual: unknown, options: SnapshotOptions): void {
  const update = options.update ?? process.env[UPDATE_VARIABLE] === '1';
  const text = `${JSON.stringify(actual, null, options.indent)}\n`;
  const command = `${UPDATE_VARIABLE}=1 npx vitest run ${options.testFile}`;
  if (update) {
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path)) throw new Error(`snapshot ${path} does not exist; write it with: ${command}`);
  const expected: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const differences = jsonDifferences(expected, JSON.parse(text), '$');
  if (differences.length === 0) return;
  const listed = differences.slice(0, LISTED).map((d) => `  ${d}`);
  if (differences.length > LISTED) listed.push(`  … and ${differences.length - LISTED} more`);
  throw new Error(
    `${differences.length} difference(s) from snapshot ${path} (expected → actual):\n${listed.join('\n')}\nif the change is intended, update it with: ${command}`,
  );
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** Where two JSON values differ, as `path: expected → actual` lines, in document order. */
export function jsonDifferences(expected: unknown, actual: unknown, path: string): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      out.push(...jsonDifferences(expected[i], actual[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((key) => jsonDifferences(expected[key], actual[key], `${path}${member(key)}`));
  }
  return Object.is(expected, actual) ? [] : [`${path}: ${show(expected)} → ${show(actual)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function member(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
