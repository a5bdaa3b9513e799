/**
 * resolveInRoot: paths inside an image root resolve as if the root were `/`.
 * Symlink canaries point at a host file outside the root; it must never be
 * the result of a resolution.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInRoot } from '../../runner/chroot/resolve-in-root.js';

describe('resolveInRoot', () => {
  let base: string;
  let root: string;
  let canary: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'cf-resolve-'));
    root = join(base, 'root');
    canary = join(base, 'host-secret');
    writeFileSync(canary, 'host');
    mkdirSync(join(root, 'etc/real'), { recursive: true });
    mkdirSync(join(root, 'run'), { recursive: true });
    // Absolute link aimed at the host canary's path: must be re-rooted.
    symlinkSync(canary, join(root, 'etc/abs-canary'));
    // Relative link climbing far above the root: `..` clamps at the root.
    symlinkSync(`../../../../../../..${canary}`, join(root, 'etc/rel-canary'));
    symlinkSync('/run/target', join(root, 'etc/resolv.conf'));
    symlinkSync('real', join(root, 'etc/dir-link'));
    symlinkSync('/etc/loop-b', join(root, 'etc/loop-a'));
    symlinkSync('/etc/loop-a', join(root, 'etc/loop-b'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('re-roots absolute symlink targets', () => {
    expect(resolveInRoot(root, '/etc/resolv.conf')).toBe(join(root, 'run/target'));
    expect(resolveInRoot(root, '/etc/abs-canary')).toBe(join(root, canary));
  });

  it('clamps .. at the root, in paths and in relative symlinks', () => {
    expect(resolveInRoot(root, '/../../etc/../../etc/real')).toBe(join(root, 'etc/real'));
    expect(resolveInRoot(root, '/etc/rel-canary')).toBe(join(root, canary));
  });

  it('follows directory symlinks in the middle of a path', () => {
    expect(resolveInRoot(root, '/etc/dir-link/file')).toBe(join(root, 'etc/real/file'));
  });

  it('leaves the last component alone with followFinal: false', () => {
    expect(resolveInRoot(root, '/etc/resolv.conf', { followFinal: false })).toBe(join(root, 'etc/resolv.conf'));
  });

  it('creates missing directories inside the root, never outside', () => {
    const p = resolveInRoot(root, '/etc/abs-canary-dir/../new/dir/file', { create: 'parents' });
    expect(p).toBe(join(root, 'etc/new/dir/file'));
    expect(lstatSync(join(root, 'etc/new/dir')).isDirectory()).toBe(true);
  });

  it('reports symlink loops instead of spinning', () => {
    expect(() => resolveInRoot(root, '/etc/loop-a')).toThrow(/too many levels/);
  });

  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.constantFrom(
      '..',
      '.',
      'etc',
      'abs-canary',
      'rel-canary',
      'resolv.conf',
      'dir-link',
      'real',
      'x',
      '',
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        let result: string;
        try {
          result = resolveInRoot(root, `/${parts.join('/')}`);
        } catch {
          return true; // ENOTDIR and the like: refused, not escaped.
        }
        return result === root || result.startsWith(`${root}/`);
      }),
    );
    expect(existsSync(canary)).toBe(true);
  });
});
