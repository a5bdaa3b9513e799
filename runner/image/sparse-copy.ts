/**
 * Copies that keep holes: a 4 GB image with 300 MB of data must cost 300 MB
 * of disk, not 4 GB. GNU cp does reflinks (instant on btrfs/xfs) and
 * re-creates holes; decompressed streams go through our sparse writer.
 * Both report progress: cp by the size of the file it writes, the
 * decompressor by how far it has read the compressed file.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { withProgress, type StartProgress } from '../ui/progress.js';
import { watchGrowth, withStdinFile } from './byte-meter.js';
import { runTool, throwIfAborted, toolError } from './tool.js';
import { writeSparse } from './sparse-writer.js';
import type { Codec } from './source-kind.js';

/** Options of the copies. */
export interface CopyOptions {
  signal?: AbortSignal;
  /** Reports the bytes copied. */
  progress?: StartProgress;
  /** The progress line's words (default "Copying"). */
  task?: string;
}

/** Copies `from` to `to` (which must not exist yet) sparsely, by reflink when the file system can. */
export async function sparseCopy(from: string, to: string, options: CopyOptions = {}): Promise<void> {
  const { size } = await stat(from);
  await withProgress(options.progress, options.task ?? 'Copying', size, async (progress) => {
    const stopWatching = watchGrowth(to, progress);
    try {
      await runTool('cp', ['--reflink=auto', '--sparse=always', '--no-preserve=all', '--', from, to], {
        signal: options.signal,
      });
    } finally {
      stopWatching();
    }
    progress.update(size);
  });
}

/** Each decompressor reading standard input. */
const DECOMPRESSOR: Record<Codec, [string, string[]]> = {
  gz: ['gzip', ['-dc']],
  xz: ['xz', ['-dc', '-T0']],
  zst: ['zstd', ['-dcq']],
  bz2: ['bzip2', ['-dc']],
};

/**
 * Decompresses `from` into `to`, streaming the decompressor's stdout through
 * {@link writeSparse}, so runs of zeros become holes and nothing is held in
 * memory. The decompressor reads the compressed file as its stdin: the
 * progress is how far it has read, which the total is known for.
 * Uses node:child_process directly: execa with an unbuffered stdout was
 * measured to drop the tail of the stream when the tool exits first.
 */
export async function decompressSparse(
  from: string,
  codec: Codec,
  to: string,
  options: CopyOptions = {},
): Promise<void> {
  const { signal } = options;
  const [cmd, args] = DECOMPRESSOR[codec];
  const commandLine = [...args, '<', from];
  throwIfAborted(signal);
  const { size } = await stat(from);
  await withProgress(options.progress, options.task ?? `Decompressing (${codec})`, size, (progress) =>
    withStdinFile(from, progress, async (stdinFd) => {
      // Its own process group, as every tool: a Ctrl-C reaches chrootforge,
      // which stops the tool itself and knows the build was interrupted.
      const child = spawn(cmd, args, {
        stdio: [stdinFd, 'pipe', 'pipe'],
        signal,
        killSignal: 'SIGTERM',
        detached: true,
      });
      // Both piped (stdio above): spawn's types cannot tell with an fd for stdin.
      const out = child.stdout!;
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < 8192) stderr += d;
      });
      const exited = new Promise<number | null>((resolveExit, rejectExit) => {
        child.once('error', rejectExit);
        child.once('close', (code) => resolveExit(code));
      });
      // Keep a rejection of `exited` from being unhandled while the writer runs.
      exited.catch(() => undefined);
      try {
        await writeSparse(out, to);
      } catch (err) {
        child.kill('SIGKILL');
        await exited.catch(() => undefined);
        if (signal?.aborted) throw toolError(cmd, commandLine, err, signal);
        throw new Error(`writing the decompressed image ${to}: ${(err as Error).message}`);
      }
      let code: number | null;
      try {
        // An abort kills the tool (its stdout then ends early) and rejects here.
        code = await exited;
      } catch (err) {
        throw toolError(cmd, commandLine, err, signal);
      }
      if (code !== 0) throw toolError(cmd, commandLine, { exitCode: code ?? undefined, stderr }, signal);
    }),
  );
}
