/**
 * What the host must offer before a build touches anything: root, loop
 * devices and the tools the steps run. Each problem names its fix.
 */
import { existsSync } from 'node:fs';
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
    problems.push('chrootforge build must run as root (loop devices and mounts need it): run it with sudo, or in a container started with --privileged -v /dev:/dev');
    return problems;
  }
  if (!existsSync('/dev/loop-control')) {
    problems.push('no loop devices: /dev/loop-control is missing. In a container, start it with --privileged -v /dev:/dev; on a host, load the module (modprobe loop)');
  }
  const missing = REQUIRED_TOOLS.filter(([tool]) => !onPath(tool, env.PATH ?? ''));
  for (const [tool, pkg] of missing) problems.push(`${tool} is not installed: apt-get install ${pkg}`);
  return problems;
}

function onPath(tool: string, path: string): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, tool)));
}
