/**
 * How the image code measures the bytes a tool has done, for progress:
 * count what Node feeds it (decompression and extraction read their input
 * through us), or watch the file it writes grow (cp).
 */
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { Progress } from '../ui/progress.js';

/** A pass-through stream that reports the running byte count. */
export function countingStream(progress: Progress): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      progress.update(bytes);
      callback(null, chunk);
    },
  });
}

/** The same as an execa transform (`stdin: [{ file }, countingTransform(p)]`). */
export function countingTransform(progress: Progress): ByteTransform {
  let bytes = 0;
  return {
    *transform(chunk) {
      bytes += (chunk as Uint8Array).length;
      progress.update(bytes);
      yield chunk;
    },
    binary: true,
  };
}

/** An execa transform over raw bytes. */
export interface ByteTransform {
  transform: (chunk: unknown) => Generator<unknown, void, void>;
  binary: true;
}

/** How often a growing file's size is read. */
const WATCH_MS = 250;

/**
 * Reports the size of `path` as it grows (a tool writing it front to back,
 * holes included), until the returned function is called.
 */
export function watchGrowth(path: string, progress: Progress): () => void {
  const timer = setInterval(() => {
    stat(path).then(
      (s) => progress.update(s.size),
      () => undefined,
    );
  }, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
