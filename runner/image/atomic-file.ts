/**
 * "No partial output under a final name": every file this project writes
 * (artifacts, working images, downloads, post-processor files, `fmt`'s
 * rewritten templates) is written to `<final>.tmp-<random>` in the same
 * directory (so the rename is atomic on the same file system), flushed to
 * disk, and renamed only when complete. On any failure or abort the temp
 * file is removed; after a crash it is left beside an untouched original.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, chown, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Marker in every temp name; `chrootforge cleanup` and tests look for it. */
export const TEMP_MARKER = '.tmp-';

/** A fresh temp path next to `finalPath`. */
export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `${basename(finalPath)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
}

/** Callback told the temp path (optional journal hook) before anything is written. */
export type OnTempPath = (tempPath: string) => void | Promise<void>;

/**
 * Calls `write(tempPath)`, flushes the temp file to disk, then renames it to
 * `finalPath`. The parent directory is created. An existing file at
 * `finalPath` is replaced atomically (readers see the old or the new file,
 * never a part) by one with its mode and, when running as root, its owner —
 * as if it had been rewritten in place — and the temp file is never more
 * readable than it while being written. A directory there is an error. A
 * symlink there is replaced, not followed: a caller that means to write
 * through a link passes the path it resolves to. Returns what `write`
 * returned.
 */
export async function writeAtomically<T>(
  finalPath: string,
  write: (tempPath: string) => Promise<T>,
  onTempPath?: OnTempPath,
): Promise<T> {
  await mkdir(dirname(finalPath), { recursive: true });
  const existing = await stat(finalPath).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error(`${finalPath} is a directory; the output must be a file path`);
  const temp = tempPathFor(finalPath);
  await onTempPath?.(temp);
  let result: T;
  try {
    // Created before `write` opens it, so the replacement's text is never readable by more than the original's.
    if (existing) await (await open(temp, 'wx', existing.mode & 0o7777)).close();
    result = await write(temp);
    if (existing) await takeOwnerAndMode(temp, existing);
    await syncToDisk(temp);
    await rename(temp, finalPath);
  } catch (err) {
    await rm(temp, { force: true, recursive: true });
    throw err;
  }
  await syncDirectory(dirname(finalPath));
  return result;
}

/** The owner (when root may set it) and then the mode of the file being replaced: chown clears set-id bits. */
async function takeOwnerAndMode(path: string, original: Stats): Promise<void> {
  if (process.getuid?.() === 0) await chown(path, original.uid, original.gid);
  await chmod(path, original.mode & 0o7777); // also undoes the umask applied when it was created
}

/** Without it, a crash soon after the rename can leave the final name on an empty or partial file. */
async function syncToDisk(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes the rename itself survive a crash. Some file systems cannot sync a
 * directory (EINVAL); the new file is in place all the same.
 */
async function syncDirectory(dir: string): Promise<void> {
  try {
    await syncToDisk(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw err;
  }
}
