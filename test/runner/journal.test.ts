/** The journal file: fsync'd lines, release, outstanding resources, torn last line. */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, defaultStateDir } from '../../runner/journal/journal.js';
import { outstandingResources, recoverAll } from '../../runner/journal/recover.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('journal', () => {
  it('writes take/release lines and keeps the file only while something is outstanding', () => {
    const state = mkdtempSync(join(tmpdir(), 'cf-journal-'));
    dirs.push(state);
    const j = Journal.open(state, 'b1', 'chroot.x');
    const a = j.take({ kind: 'temp-file', path: '/tmp/a' });
    j.take({ kind: 'mount', path: '/mnt/x' });
    j.release(a);
    j.release(a); // idempotent
    const text = readFileSync(j.path, 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).op),
    ).toEqual(['begin', 'take', 'take', 'release']);
    expect(outstandingResources(text).resources).toEqual([{ kind: 'mount', path: '/mnt/x' }]);
    j.close();
    expect(existsSync(j.path)).toBe(true);

    const j2 = Journal.open(state, 'b2', 'chroot.y');
    j2.release(j2.take({ kind: 'dir', path: '/x' }));
    j2.close();
    expect(existsSync(j2.path)).toBe(false);
  });

  it('ignores a torn last line (a writer killed mid-write)', () => {
    const state = mkdtempSync(join(tmpdir(), 'cf-journal-'));
    dirs.push(state);
    const j = Journal.open(state, 'b3', 'chroot.z');
    j.take({ kind: 'dir', path: join(state, 'never-made') });
    j.close();
    appendFileSync(j.path, '{"op":"take","id":"9","reso');
    expect(outstandingResources(readFileSync(j.path, 'utf8')).resources).toHaveLength(1);
  });

  it('recovery leaves the journal of a build that is still running', async () => {
    const state = mkdtempSync(join(tmpdir(), 'cf-journal-'));
    dirs.push(state);
    const j = Journal.open(state, 'live', 'chroot.live');
    j.take({ kind: 'temp-file', path: join(state, 'x') });
    // Pretend another live process owns it: our parent process.
    const text = readFileSync(j.path, 'utf8').replace(`"pid":${process.pid}`, `"pid":${process.ppid}`);
    rmSync(j.path);
    appendFileSync(j.path, text);
    const [report] = await recoverAll(state);
    expect(report!.recovered).toBe(false);
    expect(report!.errors[0]).toMatch(/still running/);
    expect(existsSync(j.path)).toBe(true);
    const [forced] = await recoverAll(state, { force: true });
    expect(forced!.recovered).toBe(true);
    expect(existsSync(j.path)).toBe(false);
  });

  it('state dir comes from CHROOTFORGE_STATE_DIR', () => {
    expect(defaultStateDir({ CHROOTFORGE_STATE_DIR: '/x' })).toBe('/x');
    expect(defaultStateDir({})).toBe('/var/lib/chrootforge');
  });
});
