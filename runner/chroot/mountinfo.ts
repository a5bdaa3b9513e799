/**
 * /proc/self/mountinfo, parsed exactly: mount points are compared whole,
 * never by substring (Packer's `grep` matched /mnt/x against /mnt/x1), and
 * the kernel's octal escapes (`\040` for a space) are decoded.
 */
import { readFileSync } from 'node:fs';

/** One mount of the current namespace. */
export interface MountInfo {
  id: number;
  parentId: number;
  /** Device major number (7 = loop, 259 = loop partition / blkext). */
  major: number;
  /** Path inside the mounted file system that is mounted ("/" unless a bind of a subdirectory). */
  root: string;
  mountPoint: string;
  fstype: string;
  source: string;
}

/** Decodes the `\NNN` octal escapes mountinfo uses for space, tab, newline and backslash. */
export function decodeMountinfoField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses mountinfo text (in mount order). */
export function parseMountinfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (sep < 0) continue;
    mounts.push({
      id: Number(fields[0]),
      parentId: Number(fields[1]),
      major: Number(fields[2]!.split(':')[0]),
      root: decodeMountinfoField(fields[3]!),
      mountPoint: decodeMountinfoField(fields[4]!),
      fstype: fields[sep + 1] ?? '',
      source: decodeMountinfoField(fields[sep + 2] ?? ''),
    });
  }
  return mounts;
}

/** The current mounts. */
export function readMounts(): MountInfo[] {
  return parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
}

/** Whether `path` is a mount point right now (exact match). */
export function isMountPoint(path: string, mounts: MountInfo[] = readMounts()): boolean {
  return mounts.some((m) => m.mountPoint === path);
}

/** `path` itself or a path inside it (component-wise, not by string prefix). */
export function isAtOrUnder(path: string, root: string): boolean {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return path === base || path.startsWith(`${base}/`);
}

/** Mount points at or under `root`, deepest-last-mounted first (the order to unmount). */
export function mountsUnder(root: string, mounts: MountInfo[] = readMounts()): string[] {
  return mounts
    .filter((m) => isAtOrUnder(m.mountPoint, root))
    .map((m) => m.mountPoint)
    .reverse();
}
