/**
 * "No partial output under a final name": every file this code produces is
 * written to `<final>.tmp-<random>` in the same directory (so the rename is
 * atomic on the same file system) and renamed only when complete. On any
 * failure or abort the temp file is removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
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
 * Calls `write(tempPath)`, then renames the temp file to `finalPath`.
 * The parent directory is created. An existing `finalPath` that is a file is
 * replaced atomically (readers see the old or the new file, never a part);
 * a directory there is an error. Returns what `write` returned.
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
  try {
    const result = await write(temp);
    await rename(temp, finalPath);
    return result;
  } catch (err) {
    await rm(temp, { force: true, recursive: true });
    throw err;
  }
}
