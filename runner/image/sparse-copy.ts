/**
 * Copies that keep holes: a 4 GB image with 300 MB of data must cost 300 MB
 * of disk, not 4 GB. GNU cp does reflinks (instant on btrfs/xfs) and
 * re-creates holes; decompressed streams go through our sparse writer.
 */
import { spawn } from 'node:child_process';
import { runTool, throwIfAborted, toolError } from './tool.js';
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
 * memory. Uses node:child_process directly: execa with an unbuffered stdout
 * was measured to drop the tail of the stream when the tool exits first.
 */
export async function decompressSparse(from: string, codec: Codec, to: string, signal?: AbortSignal): Promise<void> {
  const [cmd, args] = DECOMPRESSOR[codec];
  const fullArgs = [...args, from];
  throwIfAborted(signal);
  const child = spawn(cmd, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGTERM' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise<number | null>((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    child.once('close', (code) => resolveExit(code));
  });
  // Keep a rejection of `exited` from being unhandled while the writer runs.
  exited.catch(() => undefined);
  try {
    await writeSparse(child.stdout, to);
  } catch (err) {
    child.kill('SIGKILL');
    await exited.catch(() => undefined);
    if (signal?.aborted) throw toolError(cmd, fullArgs, err, signal);
    throw new Error(`writing the decompressed image ${to}: ${(err as Error).message}`);
  }
  let code: number | null;
  try {
    // An abort kills the tool (its stdout then ends early) and rejects here.
    code = await exited;
  } catch (err) {
    throw toolError(cmd, fullArgs, err, signal);
  }
  if (code !== 0) throw toolError(cmd, fullArgs, { exitCode: code ?? undefined, stderr }, signal);
}
