/**
 * Stopping the processes rooted in the chroot must not touch processes of
 * another mount namespace whose root reads as the same path string (a
 * container build chrooted at the same mount path). Real processes, real
 * namespaces (unshare -m), a real chroot with a static busybox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killProcessesRootedIn, processesRootedIn } from '../../runner/chroot/kill-chroot-processes.js';
import { missing, skipNote } from '../support/requirements.js';

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
const skip =
  missing.root() ??
  missing.tool('unshare') ??
  missing.tool('chroot') ??
  (BUSYBOX ? undefined : 'needs a static busybox (busybox-static)');

function alive(pid: number): boolean {
  try {
    // A zombie has no root any more: count it as gone.
    readlinkSync(`/proc/${pid}/root`);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rootOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/root`);
  } catch {
    return undefined;
  }
}

describe.skipIf(skip)(`processes rooted in the chroot${skipNote(skip)}`, () => {
  let dir: string;
  let root: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-kill-')));
    root = join(dir, 'root');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(BUSYBOX!, join(root, 'bin', 'busybox'));
  });

  afterAll(() => {
    for (const c of children) if (c.pid && alive(c.pid)) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  function start(cmd: string, args: string[]): number {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  }

  /** A sleep in our namespace, chrooted into `root`. */
  const ours = (): number => start('chroot', [root, '/bin/busybox', 'sleep', '300']);
  /**
   * A sleep in a new mount namespace, chrooted at the same path string, but
   * into a private tmpfs mounted over it there (unshare -m makes the mount
   * private: our namespace never sees it).
   */
  const foreign = (): number =>
    start('unshare', [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount -t tmpfs cf-other "$0" && mkdir "$0/bin" && cp "$1" "$0/bin/busybox" && exec chroot "$0" /bin/busybox sleep 300`,
      root,
      BUSYBOX!,
    ]);

  it('a process in another mount namespace whose root reads as the same path is not killed; ours is', async () => {
    const mine = ours();
    const other = foreign();
    await until('both chrooted', () => rootOf(mine) === root && rootOf(other) === root);
    // The precondition that made the old string match kill the wrong process:
    // /proc/PID/root of the foreign process reads exactly as our root.
    expect(rootOf(other)).toBe(root);
    expect(readlinkSync(`/proc/${other}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));

    expect(processesRootedIn(root)).toEqual([mine]);
    const killed = await killProcessesRootedIn(root, 1000);
    expect(killed).toEqual([mine]);
    await until('ours to be gone', () => !alive(mine));
    expect(alive(other)).toBe(true);
    expect(rootOf(other)).toBe(root);
    process.kill(other, 'SIGKILL');
    await until('the foreign one to be gone', () => !alive(other));
  }, 30_000);

  it('a process chrooted into a subdirectory of our root is killed; one rooted in a same-named directory elsewhere is not', async () => {
    mkdirSync(join(root, 'sub', 'bin'), { recursive: true });
    copyFileSync(BUSYBOX!, join(root, 'sub', 'bin', 'busybox'));
    const nested = start('chroot', [join(root, 'sub'), '/bin/busybox', 'sleep', '300']);
    // A sibling whose path starts with the same characters is not "inside".
    const sibling = join(dir, 'root2');
    mkdirSync(join(sibling, 'bin'), { recursive: true });
    copyFileSync(BUSYBOX!, join(sibling, 'bin', 'busybox'));
    const beside = start('chroot', [sibling, '/bin/busybox', 'sleep', '300']);
    await until('both chrooted', () => rootOf(nested) === join(root, 'sub') && rootOf(beside) === sibling);
    expect(await killProcessesRootedIn(root, 1000)).toEqual([nested]);
    await until('the nested one to be gone', () => !alive(nested));
    expect(alive(beside)).toBe(true);
    process.kill(beside, 'SIGKILL');
    await until('the sibling to be gone', () => !alive(beside));
  }, 30_000);

  it('a process of a namespace cloned from ours, chrooted into our very root, is killed (it keeps the file system busy)', async () => {
    const cloned = start('unshare', ['-m', '--propagation', 'private', 'chroot', root, '/bin/busybox', 'sleep', '300']);
    await until('chrooted', () => rootOf(cloned) === root);
    expect(readlinkSync(`/proc/${cloned}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));
    expect(await killProcessesRootedIn(root, 1000)).toEqual([cloned]);
    await until('it to be gone', () => !alive(cloned));
  }, 30_000);

  it('a root that does not exist here has no processes', () => {
    expect(processesRootedIn(join(dir, 'nowhere'))).toEqual([]);
  });
});
