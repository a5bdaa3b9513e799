/**
 * Every process the runner starts goes through here: execa with an argument
 * array (no shell unless the caller names /bin/sh itself), its own process
 * group, and an AbortSignal that kills the whole group.
 */
import { execa } from 'execa';
import { BuildAborted } from '../multistep/errors.js';

/** How to run one process. */
export interface ProcessOptions {
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** Inherit the parent's environment besides `env` (default true). */
  extendEnv?: boolean;
  cwd?: string;
  input?: string;
  /**
   * Called per output line (without the newline). A stream given a callback
   * is not kept whole: only its last {@link STREAMED_TAIL_CHARS} characters
   * are in the result (for an error message). A provisioner may print
   * gigabytes (a verbose compile); kept whole, its output would grow the
   * runner's memory, and past execa's maxBuffer its pipe would be closed
   * under it (a write to a closed pipe fails: the build with it).
   */
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
}

/** Exit status and output of a finished process (a streamed stream: its tail only). */
export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How much of a streamed output the result keeps: its last characters. */
export const STREAMED_TAIL_CHARS = 64 * 1024;

// After the process itself exits, a background child it left behind (a
// daemon started in the chroot) may still hold the output pipes open. Wait
// this long for the pipes to drain, then close them rather than hang.
const PIPE_GRACE_MS = 300;
// A process group that ignores SIGTERM gets SIGKILL after this long.
const KILL_GRACE_MS = 2000;

/**
 * Runs `file args` and resolves with its exit code (never rejects on a
 * non-zero exit). Rejects with {@link BuildAborted} when `signal` aborts;
 * the whole process group has been signalled by then.
 */
export async function runProcess(file: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const { signal } = options;
  if (signal?.aborted) throw abortReason(signal);
  const child = execa(file, args, {
    env: options.env,
    extendEnv: options.extendEnv ?? true,
    cwd: options.cwd,
    // No input: /dev/null, as Packer gives its commands. A pipe nobody
    // writes to would hang any command that reads stdin (`cat`, a prompt).
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    reject: false,
    // Own process group: an abort kills the chroot's children too, not only
    // the shell we started.
    detached: true,
    stripFinalNewline: false,
    // A streamed output is read by streamLines, which keeps its tail; the
    // runner's own tools (runTool) print little and are kept whole.
    buffer: { stdout: !options.onStdout, stderr: !options.onStderr },
    maxBuffer: 64 * 1024 * 1024,
  });
  let exitCode: number | undefined;
  const pid = child.pid;
  const onAbort = (): void => killGroup(pid);
  signal?.addEventListener('abort', onAbort, { once: true });
  const stdoutTail = streamLines(child.stdout, options.onStdout);
  const stderrTail = streamLines(child.stderr, options.onStderr);
  child.on('exit', (code, sig) => {
    exitCode = code ?? (sig ? 128 + (signalNumber(sig) ?? 1) : 1);
    setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, PIPE_GRACE_MS).unref();
  });
  try {
    const result = await child;
    if (signal?.aborted) throw abortReason(signal);
    const code = exitCode ?? result.exitCode ?? 1;
    if (result.failed && exitCode === undefined && result.exitCode === undefined) {
      // Could not start at all (ENOENT, EACCES): say so instead of "exit 1".
      throw new Error(`cannot run ${file}: ${result.originalMessage ?? result.shortMessage}`);
    }
    return {
      exitCode: code,
      stdout: stdoutTail?.text() ?? String(result.stdout ?? ''),
      stderr: stderrTail?.text() ?? String(result.stderr ?? ''),
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs a command that must succeed; its stderr becomes the error message.
 * For the runner's own tools (losetup, mount, …), not for user commands.
 */
export async function runTool(file: string, args: string[], options: ProcessOptions = {}): Promise<string> {
  const result = await runProcess(file, args, options);
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout).trim();
    throw new Error(`${[file, ...args].join(' ')} failed (exit ${result.exitCode})${detail ? `: ${detail}` : ''}`);
  }
  return result.stdout;
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  const send = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  send('SIGTERM');
  setTimeout(() => send('SIGKILL'), KILL_GRACE_MS).unref();
}

/**
 * Calls `onLine` per line of `stream` and keeps the last
 * {@link STREAMED_TAIL_CHARS} characters of it. Linear in the output: only
 * the new chunk is searched for line ends (a long line without one, a
 * progress bar's carriage returns, is not split again at every chunk).
 */
function streamLines(
  stream: NodeJS.ReadableStream | null | undefined,
  onLine?: (line: string) => void,
): { text(): string } | undefined {
  if (!stream || !onLine) return undefined;
  stream.setEncoding('utf8');
  let pending: string[] = [];
  // The tail as chunks, cut back to its limit when twice as long (linear).
  let tail: string[] = [];
  let tailLength = 0;
  stream.on('data', (chunk: string) => {
    tail.push(chunk);
    tailLength += chunk.length;
    if (tailLength > 2 * STREAMED_TAIL_CHARS) {
      tail = [tail.join('').slice(-STREAMED_TAIL_CHARS)];
      tailLength = tail[0]!.length;
    }
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, end));
      onLine(pending.join(''));
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  });
  const flush = (): void => {
    if (pending.length > 0) onLine(pending.join(''));
    pending = [];
  };
  stream.on('end', flush);
  stream.on('close', flush);
  return { text: () => tail.join('').slice(-STREAMED_TAIL_CHARS) };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new BuildAborted(String(signal.reason ?? 'aborted'));
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return table[sig];
}
