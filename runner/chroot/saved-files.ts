/**
 * Replacing a file in the image for the length of a build (copy_files, the
 * qemu binary, the policy-rc.d of prevent_service_starts) and putting the original back exactly: the original, a file
 * or a symlink, is renamed aside (rename never follows a symlink) and renamed
 * back; a file that was not there is removed again.
 */
import { chmodSync, copyFileSync, lstatSync, renameSync, rmSync, statSync, writeFileSync, constants } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { Journal } from '../journal/journal.js';
import type { SavedFileRecord } from '../multistep/build-state.js';
import { resolveInRoot } from './resolve-in-root.js';

/**
 * Decides where host file `hostSource` goes at `imagePath` in `root` and
 * journals it, changing nothing yet. The parent directory is resolved inside
 * the root (created if missing); the last component is not followed, so an
 * absolute symlink there is set aside, not written through.
 */
export function planPlacement(
  root: string,
  imagePath: string,
  hostSource: string,
  buildId: string,
  journal: Journal,
): Omit<SavedFileRecord, 'owner'> {
  if (!statSync(hostSource).isFile()) throw new Error(`${hostSource} is not a regular file`);
  return planReplacement(root, imagePath, buildId, journal);
}

/** {@link planPlacement} for a file whose content the build writes itself. */
export function planReplacement(
  root: string,
  imagePath: string,
  buildId: string,
  journal: Journal,
): Omit<SavedFileRecord, 'owner'> {
  const parent = resolveInRoot(root, dirname(imagePath), { create: 'all' });
  const hostPath = join(parent, basename(imagePath));
  const existing = lstatOrUndefined(hostPath);
  if (existing?.isDirectory())
    throw new Error(`${imagePath} is a directory in the image; cannot replace it with a file`);
  const backupPath = existing ? join(parent, `.${basename(imagePath)}.chrootforge-${buildId}`) : undefined;
  const journalId = journal.take({ kind: 'saved-file', hostPath, backupPath });
  return { hostPath, backupPath, journalId };
}

/** Sets the original aside and copies `hostSource` in its place. */
export function performPlacement(
  record: { hostPath: string; backupPath?: string },
  hostSource: string,
  mode?: number,
): void {
  if (record.backupPath) renameSync(record.hostPath, record.backupPath);
  // COPYFILE_EXCL: fails rather than follow anything that appeared meanwhile.
  copyFileSync(hostSource, record.hostPath, constants.COPYFILE_EXCL);
  if (mode !== undefined) chmodSync(record.hostPath, mode);
}

/** Sets the original aside and writes `content` in its place. */
export function performWrite(record: { hostPath: string; backupPath?: string }, content: string, mode: number): void {
  if (record.backupPath) renameSync(record.hostPath, record.backupPath);
  // 'wx' (O_CREAT|O_EXCL): fails rather than follow anything that appeared meanwhile.
  writeFileSync(record.hostPath, content, { flag: 'wx', mode });
  chmodSync(record.hostPath, mode);
}

/** Restores one saved file. Idempotent: a second call finds nothing to do. */
export function restoreSavedFile(record: { hostPath: string; backupPath?: string }): void {
  if (record.backupPath) {
    if (!lstatOrUndefined(record.backupPath)) return; // Already restored.
    removeNonDirectory(record.hostPath);
    renameSync(record.backupPath, record.hostPath);
  } else {
    removeNonDirectory(record.hostPath);
  }
}

function removeNonDirectory(path: string): void {
  const st = lstatOrUndefined(path);
  if (st && !st.isDirectory()) rmSync(path, { force: true });
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
