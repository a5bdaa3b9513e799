/**
 * One writer at a time for a post-processor file that several builds add
 * to (a manifest, a shared checksum list): builds running at once, in this
 * process or another, would otherwise read the same old text and the last
 * rename would drop the others' entries. Packer's lock: `<file>.lock`
 * created with O_EXCL.
 */
import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this was left by a killed build: taken over. */
const STALE_LOCK_MS = 30_000;

/**
 * Runs `fn` holding `<file>.lock`; waits up to 5 s for another build's lock,
 * and takes over a stale one. `what` names the file in the error.
 */
export async function withOutputLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  const lockFile = `${file}.lock`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  for (let attempt = 0; !handle; attempt++) {
    try {
      handle = await open(lockFile, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 25) {
        throw new Error(
          `cannot lock the ${what} (${lockFile}): ${(err as Error).message}; remove it if no build is running`,
        );
      }
      const age = Date.now() - ((await stat(lockFile).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) await rm(lockFile, { force: true });
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    await handle.close();
    await rm(lockFile, { force: true });
  }
}
