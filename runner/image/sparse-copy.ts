/**
 * Copies that keep holes: a 4 GB image with 300 MB of data must cost 300 MB
 * of disk, not 4 GB. GNU cp does reflinks (instant on btrfs/xfs) and
 * re-creates holes, including from a pipe.
 */
import { runTool, startTool, toolError } from './tool.js';
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
 * Decompresses `from` into `to`, streaming through `cp --sparse=always`
 * reading its stdin, so runs of zeros become holes and nothing is held in
 * memory.
 */
export async function decompressSparse(from: string, codec: Codec, to: string, signal?: AbortSignal): Promise<void> {
  const [cmd, args] = DECOMPRESSOR[codec];
  const fullArgs = [...args, from];
  const producer = startTool(cmd, fullArgs, { signal });
  const consumer = producer.pipe('cp', ['--sparse=always', '/dev/stdin', to], { cancelSignal: signal, forceKillAfterDelay: 3000 });
  try {
    await consumer;
  } catch (err) {
    // execa reports the failing side of the pipe; name the decompressor when it failed.
    const e = err as { command?: string };
    const failedDecompressor = typeof e.command === 'string' && e.command.startsWith(cmd);
    throw failedDecompressor ? toolError(cmd, fullArgs, err, signal) : toolError('cp', ['--sparse=always', '/dev/stdin', to], err, signal);
  }
}
