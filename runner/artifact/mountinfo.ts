/**
 * Mounts beneath a directory, read from /proc/self/mountinfo (exact paths,
 * never a substring grep), so a tar of a chroot's root can keep the build's
 * own partitions and leave out proc, sysfs, /dev binds and other host mounts.
 */
import { readFile, realpath } from 'node:fs/promises';

/** One mountinfo line, the fields we use. */
export interface MountEntry {
  /** Device major number (7 = loop, 259 = loop partition / blkext). */
  major: number;
  /** Path inside the mounted file system that is mounted ("/" unless a bind of a subdirectory). */
  root: string;
  mountPoint: string;
  fsType: string;
  source: string;
}

/** Undoes mountinfo's octal escapes (`\040` for a space, …). */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses the text of a mountinfo file. */
export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (sep < 0) continue;
    entries.push({
      major: Number(fields[2]!.split(':')[0]),
      root: unescape(fields[3]!),
      mountPoint: unescape(fields[4]!),
      fsType: fields[sep + 1]!,
      source: unescape(fields[sep + 2] ?? ''),
    });
  }
  return entries;
}

/** Mounts strictly beneath `dir` (after resolving symlinks in `dir`), outermost first. */
export async function mountsBeneath(dir: string): Promise<MountEntry[]> {
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
export function isImagePartitionMount(m: MountEntry): boolean {
  return LOOP_MAJORS.has(m.major) && m.root === '/' && m.source.startsWith('/dev/loop');
}
