/**
 * The engine's own POSIX path arithmetic (template/text/posix-path.ts, for
 * the browser build) against Node's `path.posix`, on random paths made of
 * the parts that matter: slashes, `.`, `..`, names.
 */
import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as path from '../../template/text/posix-path.js';

const part = fc.constantFrom('', '/', '//', '.', '..', 'a', 'b.c', '.d', '...', 'é f');
const pathText = fc.array(part, { maxLength: 8 }).map((parts) => parts.join(''));
const slashed = fc.array(part, { maxLength: 8 }).map((parts) => parts.join('/'));
const anyPath = fc.oneof(pathText, slashed);
const absolutePath = anyPath.map((p) => `/${p}`);

describe('posix-path matches node:path posix', () => {
  const unary: Array<[string, (p: string) => unknown, (p: string) => unknown]> = [
    ['normalize', path.normalize, posix.normalize],
    ['isAbsolute', path.isAbsolute, posix.isAbsolute],
    ['dirname', path.dirname, posix.dirname],
    ['basename', path.basename, (p) => posix.basename(p)],
  ];
  it.each(unary)('%s', (_name, ours, node) => {
    fc.assert(
      fc.property(anyPath, (p) => {
        expect(ours(p)).toEqual(node(p));
      }),
      { numRuns: 2000 },
    );
  });

  it('join', () => {
    fc.assert(
      fc.property(fc.array(anyPath, { maxLength: 4 }), (parts) => {
        expect(path.join(...parts)).toBe(posix.join(...parts));
      }),
      { numRuns: 2000 },
    );
  });

  it('resolve from an absolute working directory', () => {
    fc.assert(
      fc.property(absolutePath, fc.array(anyPath, { maxLength: 3 }), (cwd, parts) => {
        const node = posix.resolve(cwd, ...parts);
        expect(path.resolve(cwd, ...parts)).toBe(node);
      }),
      { numRuns: 2000 },
    );
  });

  it('relative between absolute paths', () => {
    fc.assert(
      fc.property(absolutePath, absolutePath, (from, to) => {
        expect(path.relative(from, to)).toBe(posix.relative(from, to));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the cases worth naming', () => {
    expect(path.normalize('a/../..//b/')).toBe('../b/');
    expect(path.normalize('/../x')).toBe('/x');
    expect(path.join('', '')).toBe('.');
    expect(path.dirname('a//b/')).toBe('a/');
    expect(path.relative('/a/b', '/a/b')).toBe('');
  });
});
