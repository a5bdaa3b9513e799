/**
 * Unmounting that survives busy targets: processes rooted in the chroot are
 * stopped first, a plain umount is retried, and a lazy unmount is the last
 * resort (with a warning, since the filesystem may still be written to).
 */
import { readFileSync } from 'node:fs';
import { runProcess } from '../process/run-process.js';
import { killProcessesRootedIn } from './kill-chroot-processes.js';
import { isMountPoint, mountsUnder, readMounts } from './mountinfo.js';

/** Where unmount reports what it had to do. */
export interface UnmountReporter {
  warn(text: string): void;
}

const ATTEMPTS = 4;

/**
 * Unmounts `path` if (and only if) it is a mount point. `chrootRoot`, when
 * given, is the root whose processes are stopped before retrying.
 */
export async function unmountPath(path: string, reporter: UnmountReporter, chrootRoot?: string): Promise<void> {
  // Stacked mounts on one point come off one at a time.
  for (let round = 0; round < 16 && isMountPoint(path); round++) {
    await unmountOnce(path, reporter, chrootRoot);
  }
}

async function unmountOnce(path: string, reporter: UnmountReporter, chrootRoot?: string): Promise<void> {
  let lastError = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const result = await runProcess('umount', [path]);
    if (result.exitCode === 0 || !isMountPoint(path)) return;
    lastError = result.stderr.trim();
    if (chrootRoot) await killProcessesRootedIn(chrootRoot);
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
  // Last resort. Flush what is written so far, and say who holds it: the
  // filesystem stays alive (and writable by them) until they let go.
  await runProcess('sync', ['--file-system', path]);
  reporter.warn(
    `umount ${path} kept failing (${lastError}); still used by ${await holders(path)}. Detaching it lazily (umount --lazy): the image is released when they exit`,
  );
  const lazy = await runProcess('umount', ['--lazy', path]);
  if (lazy.exitCode !== 0 && isMountPoint(path))
    throw new Error(`cannot unmount ${path}: ${lazy.stderr.trim() || lastError}`);
}

/**
 * Unmounts everything at or under `root`, deepest first, after stopping the
 * processes rooted there. Catches mounts a provisioner made itself.
 */
export async function unmountTree(root: string, reporter: UnmountReporter): Promise<void> {
  await killProcessesRootedIn(root);
  // One `umount --recursive` takes the whole tree in order when nothing is
  // busy; whatever it leaves goes through the careful path below.
  if (mountsUnder(root, readMounts()).length > 0) await runProcess('umount', ['--recursive', root]);
  for (const mountPoint of mountsUnder(root, readMounts())) {
    await unmountPath(mountPoint, reporter, root);
  }
}

/** Who keeps `path` busy, as `fuser -m` sees it: "pid 123 (sleep), …". */
async function holders(path: string): Promise<string> {
  const result = await runProcess('fuser', ['-m', path]);
  const pids = result.stdout
    .trim()
    .split(/\s+/)
    .map((p) => p.replace(/\D/g, ''))
    .filter(Boolean);
  if (pids.length === 0) return 'an unknown user (a kernel reference or another mount namespace)';
  return pids.map((pid) => `pid ${pid} (${commOf(pid)})`).join(', ');
}

function commOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}
