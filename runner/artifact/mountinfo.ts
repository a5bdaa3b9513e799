/**
 * Mounts beneath a directory, read from /proc/self/mountinfo (exact paths,
 * never a substring grep), so a tar of a chroot's root can keep the build's
 * own partitions and leave out proc, sysfs, /dev binds and other host mounts.
 */
import { readFile, realpath } from 'node:fs/promises';
import { parseMountinfo, type MountInfo } from '../chroot/mountinfo.js';

/** Mounts strictly beneath `dir` (after resolving symlinks in `dir`), outermost first. */
export async function mountsBeneath(dir: string): Promise<MountInfo[]> {
  const base = await realpath(dir);
  const prefix = base === '/' ? '/' : `${base}/`;
  const all = parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
  return all.filter((m) => m.mountPoint.startsWith(prefix)).sort((a, b) => a.mountPoint.length - b.mountPoint.length);
}

/** Loop devices and their partitions: the build's own images. */
const LOOP_MAJORS = new Set([7, 259]);

/**
 * True for a mount that belongs in a tar of the image: a whole file system
 * (not a bind of a subdirectory) on a loop device, like partition_mounts'
 * /boot/firmware. proc, sysfs, devpts, /dev binds and host binds are not.
 */
export function isImagePartitionMount(m: MountInfo): boolean {
  return LOOP_MAJORS.has(m.major) && m.root === '/' && m.source.startsWith('/dev/loop');
}
