/**
 * The snapshot helper fails on a missing file instead of writing it, lists
 * differences as paths, and writes only when asked to.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectJsonSnapshot, jsonDifferences } from './json-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'cf-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { testFile: 'test/x.test.ts', indent: 1, update: false };

describe('expectJsonSnapshot', () => {
  it('fails when the snapshot is missing, says how to write it, and writes nothing', () => {
    const path = join(dir, 'missing.json');
    expect(() => expectJsonSnapshot(path, { a: 1 }, options)).toThrow(
      `snapshot ${path} does not exist; write it with: CHROOTFORGE_UPDATE_SNAPSHOTS=1 npx vitest run test/x.test.ts`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('passes on an equal value and lists each difference as a path when it differs', () => {
    const path = join(dir, 'model.json');
    writeFileSync(path, '{"body":{"attributes":[{"name":"a","range":{"start":4}}]},"file":"x"}\n');
    expect(() =>
      expectJsonSnapshot(path, { file: 'x', body: { attributes: [{ name: 'a', range: { start: 4 } }] } }, options),
    ).not.toThrow();
    expect(() =>
      expectJsonSnapshot(path, { file: 'x', body: { attributes: [{ name: 'b', range: { start: 5 } }, 1] } }, options),
    ).toThrow(
      [
        `3 difference(s) from snapshot ${path} (expected → actual):`,
        '  $.body.attributes[0].name: "a" → "b"',
        '  $.body.attributes[0].range.start: 4 → 5',
        '  $.body.attributes[1]: (absent) → 1',
        'if the change is intended, update it with: CHROOTFORGE_UPDATE_SNAPSHOTS=1 npx vitest run test/x.test.ts',
      ].join('\n'),
    );
  });

  it('writes the snapshot, in the given indentation, only when updating', () => {
    const path = join(dir, 'written.json');
    expectJsonSnapshot(path, { 'a/b.hcl': [1, 2] }, { ...options, update: true });
    expect(readFileSync(path, 'utf8')).toBe('{\n "a/b.hcl": [\n  1,\n  2\n ]\n}\n');
  });
});

describe('jsonDifferences', () => {
  it('names members that are not identifiers in brackets, and caps nothing itself', () => {
    expect(jsonDifferences({ 'corpus/a.hcl': { x: null } }, { 'corpus/a.hcl': { x: 0 } }, '$')).toEqual([
      '$["corpus/a.hcl"].x: null → 0',
    ]);
    expect(jsonDifferences([1, 2, 3], [1, 2, 3], '$')).toEqual([]);
  });
});
