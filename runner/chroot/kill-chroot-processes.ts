/**
 * Stops every process whose root directory (/proc/PID/root) is inside the
 * chroot: daemons a provisioner started (gpg-agent, dirmngr, a `sleep &`)
 * keep the mounts busy and are why Packer's unmount failed with "target is
 * busy". SIGTERM first, SIGKILL for what is left.
 *
 * The path string of /proc/PID/root is not enough: a process of another
 * mount namespace (a container build chrooted at /mnt/chrootforge/loop3 in
 * its own namespace) reads the very same string. A process counts only when
 * its root is the same directory as the path names here: `stat` of
 * /proc/PID/root (which follows the magic link to the process's real root)
 * must give the (st_dev, st_ino) that `stat` of that path gives in our
 * namespace, and that path, resolved here, must be at or under the build's
 * root. A process of a namespace cloned from ours that chrooted into our
 * root (a provisioner's `unshare -m chroot …`) shares the directory and is
 * stopped too: it keeps the file system, and so the loop device, busy.
 */
import { readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAtOrUnder } from './mountinfo.js';

/** PIDs whose root is `root` or a directory inside it, as seen from this mount namespace. */
export function processesRootedIn(root: string): number[] {
  let base: string;
  try {
    base = realpathSync(root);
  } catch {
    return []; // No such directory here: nothing can be rooted in it.
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let procRoot: string;
    try {
      procRoot = readlinkSync(`/proc/${entry}/root`);
    } catch {
      continue; // Exited meanwhile, or a kernel thread.
    }
    // Cheap filter first: most processes have `/` as their root.
    if (!isAtOrUnder(procRoot, base)) continue;
    if (sameDirectoryHere(`/proc/${entry}/root`, procRoot, base)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Whether the process root behind `magicLink` is the directory `path`
 * names in this namespace, and that directory is at or under `base`.
 */
function sameDirectoryHere(magicLink: string, path: string, base: string): boolean {
  try {
    const real = statSync(magicLink);
    const here = statSync(path);
    if (real.dev !== here.dev || real.ino !== here.ino) return false;
    // The string could pass through a symlink in our view that leads elsewhere.
    return isAtOrUnder(realpathSync(path), base);
  } catch {
    return false; // Gone meanwhile, or the path does not exist in this namespace.
  }
}

/**
 * Terminates the processes rooted in `root`; waits up to `graceMs` for them
 * after SIGTERM, then SIGKILLs survivors. Returns the PIDs signalled.
 */
export async function killProcessesRootedIn(root: string, graceMs = 1500): Promise<number[]> {
  const first = processesRootedIn(root);
  if (first.length === 0) return [];
  signalAll(first, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processesRootedIn(root).length > 0) await sleep(50);
  const left = processesRootedIn(root);
  signalAll(left, 'SIGKILL');
  // SIGKILL is asynchronous: wait until the kernel has reaped them.
  const killDeadline = Date.now() + 3000;
  while (Date.now() < killDeadline && processesRootedIn(root).length > 0) await sleep(20);
  return first;
}

function signalAll(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
