/**
 * HTTP(S) download into a file, hashing while writing (no second read) and
 * writing to a temp name renamed on success, so an interrupted download
 * never looks like a complete one in the cache.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeAtomically } from './atomic-file.js';
import { noProgress, type StartProgress } from '../ui/progress.js';

/** Options for {@link download}. */
export interface DownloadOptions {
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports the bytes received (a bar on a terminal, periodic lines elsewhere). */
  progress?: StartProgress;
  /** Digest computed while downloading (e.g. "sha256"). */
  algorithm?: string;
  /** Checks the digest before the rename; throwing discards the download. */
  verify?: (hex: string) => void;
}

/** Downloads `url` to `dest`; resolves with the digest when `algorithm` was given. */
export async function download(url: string, dest: string, opts: DownloadOptions): Promise<string | undefined> {
  const res = await fetch(url, { signal: opts.signal, redirect: 'follow' }).catch((err: Error) => {
    if (opts.signal?.aborted) throw err;
    throw new Error(`cannot download ${url}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
  });
  if (!res.ok || !res.body) throw new Error(`cannot download ${url}: HTTP ${res.status} ${res.statusText}`);
  const lengthHeader = res.headers.get('content-length');
  // With a Content-Encoding, fetch decodes the body: the length header counts encoded bytes.
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = lengthHeader && !encoded ? Number(lengthHeader) : undefined;
  opts.log(`Downloading ${url}${total ? ` (${(total / 1024 / 1024).toFixed(1)} MB)` : ''}`);
  const hash = opts.algorithm ? createHash(opts.algorithm) : undefined;
  let received = 0;
  return writeAtomically(dest, async (temp) => {
    const progress = (opts.progress ?? noProgress)('Downloading', total);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        hash?.update(chunk);
        progress.update(received);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
        meter,
        createWriteStream(temp),
        { signal: opts.signal },
      );
      if (total !== undefined && received !== total)
        throw new Error(`download of ${url} ended early: ${received} of ${total} bytes`);
      progress.done();
    } finally {
      progress.stop();
    }
    const hex = hash?.digest('hex');
    if (hex !== undefined) opts.verify?.(hex);
    return hex;
  });
}
