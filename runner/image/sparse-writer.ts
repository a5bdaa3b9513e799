/**
 * Writes a byte stream to a file, leaving every all-zero 4 KiB block as a
 * hole: decompressing a 4 GB image that holds 300 MB of data costs 300 MB of
 * disk. (Child stdio in Node is a socket, so `cp --sparse=always /dev/stdin`
 * cannot read it; doing it here also saves a process.)
 */
import { open } from 'node:fs/promises';

const BLOCK = 4096;
const ZERO = Buffer.alloc(BLOCK);

/** Streams `input` into `out` (created or truncated) with holes for zero blocks; resolves with the byte count. */
export async function writeSparse(input: AsyncIterable<Uint8Array>, out: string): Promise<number> {
  const fh = await open(out, 'w');
  let position = 0;
  // Bytes not yet written because they do not fill a block.
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of input) {
      const data = pending.length
        ? Buffer.concat([pending, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const whole = data.length - (data.length % BLOCK);
      await writeNonZeroRuns(fh, data.subarray(0, whole), position);
      position += whole;
      pending = Buffer.from(data.subarray(whole));
    }
    await writeNonZeroRuns(fh, pending, position);
    position += pending.length;
    // Trailing holes are not written at all: the length comes from truncate.
    await fh.truncate(position);
    return position;
  } finally {
    await fh.close();
  }
}

/** Writes the non-zero blocks of `data` (at file offset `at`), coalescing neighbours into one write. */
async function writeNonZeroRuns(fh: import('node:fs/promises').FileHandle, data: Buffer, at: number): Promise<void> {
  let runStart = -1;
  for (let off = 0; off < data.length; off += BLOCK) {
    const block = data.subarray(off, off + BLOCK);
    const zero = block.equals(block.length === BLOCK ? ZERO : ZERO.subarray(0, block.length));
    if (!zero && runStart < 0) runStart = off;
    if (zero && runStart >= 0) {
      await fh.write(data, runStart, off - runStart, at + runStart);
      runStart = -1;
    }
  }
  if (runStart >= 0) await fh.write(data, runStart, data.length - runStart, at + runStart);
}
