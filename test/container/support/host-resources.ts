/**
 * What a build can leave behind on the host: attached loop devices, mounts
 * and binfmt_misc entries. Snapshots before and after a containerised build
 * are compared; a container's own mounts die with its mount namespace, but
 * loop devices and binfmt entries are the host kernel's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface HostResources {
  /** Attached loop devices: name to backing file (as the attaching process saw it). */
  loops: Map<string, string>;
  /** Mount points in the host's mount namespace. */
  mounts: Set<string>;
  /** binfmt_misc entry names (empty when binfmt_misc is not mounted on the host). */
  binfmt: Set<string>;
  /** Loop partition nodes in /dev (`partx -a` makes them in the host's devtmpfs through -v /dev:/dev). */
  partitionNodes: Set<string>;
}

export function snapshotHost(): HostResources {
  const loops = new Map<string, string>();
  for (const name of readdirSync('/sys/block').filter((n) => n.startsWith('loop'))) {
    const backing = `/sys/block/${name}/loop/backing_file`;
    if (existsSync(backing)) loops.set(name, readFileSync(backing, 'utf8').trim());
  }
  const mounts = new Set(
    readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[4]!),
  );
  const dir = '/proc/sys/fs/binfmt_misc';
  const binfmt = new Set(
    existsSync(`${dir}/status`) ? readdirSync(dir).filter((n) => n !== 'status' && n !== 'register') : [],
  );
  const partitionNodes = new Set(readdirSync('/dev').filter((n) => /^loop\d+p\d+$/.test(n)));
  return { loops, mounts, binfmt, partitionNodes };
}

/**
 * What appeared between two snapshots and was not released. `mine` tells
 * this test's resources from those of other processes on a shared machine:
 * a loop device of ours has a backing file under our directory or one that
 * exists only inside the container.
 */
export function leaked(before: HostResources, after: HostResources, mine: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const [name, file] of after.loops) {
    if (before.loops.get(name) === file) continue;
    const path = file.replace(/ \(deleted\)$/, '');
    if (mine(path) || !existsSync(path)) out.push(`loop device /dev/${name} still attached to ${file}`);
  }
  for (const m of after.mounts) if (!before.mounts.has(m) && mine(m)) out.push(`mount ${m}`);
  for (const b of after.binfmt) if (!before.binfmt.has(b)) out.push(`binfmt_misc entry ${b}`);
  for (const n of after.partitionNodes) {
    // A node of a device that is no longer attached is debris of our build.
    const device = n.replace(/p\d+$/, '');
    if (!before.partitionNodes.has(n) && !after.loops.has(device))
      out.push(`partition node /dev/${n} of a detached loop device`);
  }
  if (before.binfmt.size > 0 && after.binfmt.size === 0) out.push('binfmt_misc was unmounted on the host');
  return out;
}
