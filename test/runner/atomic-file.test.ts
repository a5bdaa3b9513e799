/**
 * writeAtomically, the one way this project replaces a file (artifacts,
 * downloads, post-processor files, fmt): the final name holds the old file
 * or the complete new one, never a part; an error removes the temp file; a
 * crash leaves the original untouched; the replacement keeps the original's
 * mode and owner and is never more readable than it while being written.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_MARKER, writeAtomically } from '../../runner/image/atomic-file.js';
import { missing, skipNote } from '../support/requirements.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cf-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const original = (name = 'file', mode = 0o640): string => {
  const path = join(dir, name);
  writeFileSync(path, 'old text\n');
  chmodSync(path, mode);
  return path;
};
const modeOf = (path: string): number => statSync(path).mode & 0o7777;

describe('writeAtomically', () => {
  it('replaces a file with its mode kept, the old one readable until the rename, no temp left', async () => {
    const path = original('file', 0o640);
    let seen: { final: string; tempMode: number } | undefined;
    const result = await writeAtomically(path, async (temp) => {
      await writeFile(temp, 'new text\n');
      seen = { final: readFileSync(path, 'utf8'), tempMode: modeOf(temp) };
      return 42;
    });
    expect(result).toBe(42);
    expect(readFileSync(path, 'utf8')).toBe('new text\n');
    expect(modeOf(path)).toBe(0o640);
    expect(seen!.final).toBe('old text\n');
    // Never more readable than the file it replaces (the umask may narrow it further).
    expect(seen!.tempMode & ~0o640).toBe(0);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('a new file keeps the mode its writer gave it; the parent directory is made', async () => {
    const path = join(dir, 'sub/dir/new');
    await writeAtomically(path, (temp) => writeFile(temp, 'x', { mode: 0o600 }));
    expect(readFileSync(path, 'utf8')).toBe('x');
    expect(modeOf(path)).toBe(0o600);
    expect(readdirSync(join(dir, 'sub/dir'))).toEqual(['new']);
  });

  it('on an error the original is untouched, the temp file is gone and the error is passed on', async () => {
    const path = original();
    const temps: string[] = [];
    await expect(
      writeAtomically(
        path,
        async (temp) => {
          await writeFile(temp, 'half of the new');
          throw new Error('disk on fire');
        },
        (temp) => void temps.push(temp),
      ),
    ).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('old text\n');
    expect(modeOf(path)).toBe(0o640);
    expect(temps).toHaveLength(1);
    expect(temps[0]!.startsWith(`${path}${TEMP_MARKER}`)).toBe(true);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('a crash between the write and the rename leaves the original under its name', async () => {
    const path = original();
    // A real crash: a process killed by SIGKILL inside the write, past the point of no return for cleanup.
    const module = join(dir, 'atomic-file.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, '../../runner/image/atomic-file.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: module,
      logLevel: 'error',
    });
    const script = `
      import { writeFile } from 'node:fs/promises';
      const { writeAtomically } = await import(${JSON.stringify(pathToFileURL(module).href)});
      await writeAtomically(${JSON.stringify(path)}, async (temp) => {
        await writeFile(temp, 'new text\\n');
        process.kill(process.pid, 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      });`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(readFileSync(path, 'utf8')).toBe('old text\n');
    expect(modeOf(path)).toBe(0o640);
    // The complete temp file stays behind for `chrootforge cleanup` (the journal names it).
    const left = readdirSync(dir).filter((name) => name.startsWith(`file${TEMP_MARKER}`));
    expect(left).toHaveLength(1);
    expect(readFileSync(join(dir, left[0]!), 'utf8')).toBe('new text\n');
  });

  it('refuses a directory at the final path and writes nothing', async () => {
    mkdirSync(join(dir, 'out'));
    let called = false;
    await expect(
      writeAtomically(join(dir, 'out'), async () => {
        called = true;
      }),
    ).rejects.toThrow(`${join(dir, 'out')} is a directory; the output must be a file path`);
    expect(called).toBe(false);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('replaces a symlink at the final path instead of writing through it', async () => {
    const target = original('target');
    symlinkSync(target, join(dir, 'link'));
    await writeAtomically(join(dir, 'link'), (temp) => writeFile(temp, 'new text\n'));
    expect(lstatSync(join(dir, 'link')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'link'), 'utf8')).toBe('new text\n');
    expect(readFileSync(target, 'utf8')).toBe('old text\n');
  });

  const notRoot = missing.root();
  it.skipIf(notRoot)(
    `keeps the owner, and set-id bits chown would clear, when run as root${skipNote(notRoot)}`,
    async () => {
      const path = original('file', 0o640);
      chownSync(path, 4321, 4321);
      chmodSync(path, 0o2750);
      await writeAtomically(path, (temp) => writeFile(temp, 'new text\n'));
      const after = statSync(path);
      expect([after.uid, after.gid]).toEqual([4321, 4321]);
      expect(after.mode & 0o7777).toBe(0o2750);
    },
  );
});
