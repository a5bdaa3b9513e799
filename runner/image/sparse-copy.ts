/**
 * Copies that keep holes: a 4 GB image with 300 MB of data must cost 300 MB
 * of disk, not 4 GB. GNU cp does reflinks (instant on btrfs/xfs) and
 * re-creates holes; decompressed streams go through our sparse writer.
 */
import { runTool, startTool, toolError } from './tool.js';
import { writeSparse } from './sparse-writer.js';
import type { Codec } from './source-kind.js';

/** Copies `from` to `to` (which must not exist yet) sparsely, by reflink when the file system can. */
export async function sparseCopy(from: string, to: string, signal?: AbortSignal): Promise<void> {
  await runTool('cp', ['--reflink=auto', '--sparse=always', '--no-preserve=all', '--', from, to], { signal });
}

const DECOMPRESSOR: Record<Codec, [string, string[]]> = {
  gz: ['gzip', ['-dc', '--']],
  xz: ['xz', ['-dc', '-T0', '--']],
  zst: ['zstd', ['-dcq', '--']],
};

/**
 * Decompresses `from` into `to`, streaming the decompressor's stdout through
 * {@link writeSparse}, so runs of zeros become holes and nothing is held in
 * memory.
 */
export async function decompressSparse(from: string, codec: Codec, to: string, signal?: AbortSignal): Promise<void> {
  const [cmd, args] = DECOMPRESSOR[codec];
  const fullArgs = [...args, from];
  const child = startTool(cmd, fullArgs, { signal, streamStdout: true });
  try {
    // Both must succeed: a truncated archive makes the tool fail after output.
    await Promise.all([writeSparse(child.stdout!, to), child]);
  } catch (err) {
    child.kill();
    await child.catch(() => undefined);
    throw (err as { command?: unknown }).command !== undefined ? toolError(cmd, fullArgs, err, signal) : err;
  }
}
