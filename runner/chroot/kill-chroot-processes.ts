/**
 * Stops every process whose root directory (/proc/PID/root) is inside the
 * chroot: daemons a provisioner started (gpg-agent, dirmngr, a `sleep &`)
 * keep the mounts busy and are why Packer's unmount failed with "target is
 * busy". SIGTERM first, SIGKILL for what is left.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { isAtOrUnder } from './mountinfo.js';

/** PIDs whose root is `root` or inside it. */
export function processesRootedIn(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let procRoot: string;
    try {
      procRoot = readlinkSync(`/proc/${entry}/root`);
    } catch {
      continue; // Exited meanwhile, or a kernel thread.
    }
    if (isAtOrUnder(procRoot, root)) pids.push(Number(entry));
  }
  return pids;
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
