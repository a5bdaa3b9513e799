/**
 * What the host must offer before a build touches anything: root, loop
 * devices and the tools the steps run. Each problem names its fix.
 */
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Tools the runner itself runs, and the Debian package that has each. */
export const REQUIRED_TOOLS: Array<[string, string]> = [
  ['losetup', 'util-linux'],
  ['mount', 'mount'],
  ['umount', 'mount'],
  ['partx', 'util-linux'],
  ['flock', 'util-linux'],
  ['sfdisk', 'fdisk'],
  ['chroot', 'coreutils'],
];

/** Problems that stop a build; empty when the host can build. */
export function hostProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) {
    problems.push(
      'chrootforge build must run as root (loop devices and mounts need it): run it with sudo, or in a container started with --privileged -v /dev:/dev',
    );
    return problems;
  }
  if (!existsSync('/dev/loop-control')) {
    problems.push(
      'no loop devices: /dev/loop-control is missing. In a container, start it with --privileged -v /dev:/dev; on a host, load the module (modprobe loop)',
    );
  } else {
    const denied = loopControlDenied();
    if (denied)
      problems.push(
        `no access to loop devices: /dev/loop-control cannot be opened (${denied}). In a container, start it with --privileged -v /dev:/dev`,
      );
  }
  if (!hasCapability(CAP_SYS_ADMIN)) {
    problems.push(
      'mounting is not permitted here (no CAP_SYS_ADMIN). In a container, start it with --privileged -v /dev:/dev',
    );
  }
  const missing = REQUIRED_TOOLS.filter(([tool]) => !onPath(tool, env.PATH ?? ''));
  for (const [tool, pkg] of missing) problems.push(`${tool} is not installed: apt-get install ${pkg}`);
  return problems;
}

/** Whether `tool` is a file in one of the directories of `path` (a PATH value). */
export function onPath(tool: string, path: string): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, tool)));
}

const CAP_SYS_ADMIN = 21;

/**
 * Why /dev/loop-control cannot be opened, or undefined when it can. A
 * container given the host's /dev without device permissions sees the node
 * but gets EPERM: checked here so nothing is attached before that shows.
 */
function loopControlDenied(): string | undefined {
  try {
    closeSync(openSync('/dev/loop-control', 'r+'));
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** Whether the effective capability set (from /proc/self/status) has `cap`. */
function hasCapability(cap: number): boolean {
  try {
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hex === undefined || ((BigInt(`0x${hex}`) >> BigInt(cap)) & 1n) === 1n;
  } catch {
    return true; // Cannot tell: let mount itself say.
  }
}

/**
 * A loop or mount failure for lack of privileges (a container's device
 * cgroup, a seccomp or AppArmor profile) gets the fix appended.
 */
export function withPrivilegeHint(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (!/operation not permitted|permission denied|EPERM|EACCES/i.test(message))
    return err instanceof Error ? err : new Error(message);
  return new Error(
    `${message}\nThis host or container does not allow it: in a container, start it with --privileged -v /dev:/dev`,
  );
}
