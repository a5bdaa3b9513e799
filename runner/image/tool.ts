/**
 * One way to run the host tools the image and artifact code drives
 * (sfdisk, qemu-img, tar, …): argument arrays only, never a shell, an
 * AbortSignal that stops the child, and errors that name the command and
 * carry its stderr instead of a bare exit code.
 */
import { execa, type ResultPromise } from 'execa';

/** Options shared by every tool call. */
export interface ToolOptions {
  signal?: AbortSignal;
  /** Bytes fed to the tool's stdin. */
  input?: string | Uint8Array;
  /** Working directory for the tool. */
  cwd?: string;
  /** An open file descriptor the tool reads as its stdin (byte-meter.ts `withStdinFile`). */
  stdinFd?: number;
  /** Receives stdout as it comes (progress). */
  stdout?: (text: string) => void;
  /** Receives each stderr line as it comes; lines it returns true for are left out of error messages. */
  stderrLine?: (line: string) => boolean;
}

/** A tool failed, could not start, or was stopped by the signal. */
export class ToolError extends Error {
  constructor(
    message: string,
    /** True when the AbortSignal stopped the tool. */
    readonly aborted: boolean = false,
    /** The tool's exit code, when it ran and exited. */
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Debian package that provides each tool, for "install X" hints. */
const PACKAGE_OF: Record<string, string> = {
  sfdisk: 'fdisk',
  'qemu-img': 'qemu-utils',
  'mkfs.ext4': 'e2fsprogs',
  resize2fs: 'e2fsprogs',
  e2fsck: 'e2fsprogs',
  losetup: 'util-linux',
  xz: 'xz-utils',
  zstd: 'zstd',
  gzip: 'gzip',
  tar: 'tar',
  cp: 'coreutils',
  bzip2: 'bzip2',
  unzip: 'unzip',
  sgdisk: 'gdisk',
  bsdtar: 'libarchive-tools',
};

/**
 * Runs `cmd args…` and resolves with its stdout (trimmed of the final
 * newline). Rejects with a {@link ToolError} that names the command line.
 */
export async function runTool(cmd: string, args: string[], opts: ToolOptions = {}): Promise<string> {
  const child = startTool(cmd, args, opts);
  try {
    const result = await child;
    return String(result.stdout ?? '');
  } catch (err) {
    throw toolError(cmd, args, err, opts.signal);
  }
}

/** Starts a tool without waiting (for pipes); same options as {@link runTool}. */
export function startTool(cmd: string, args: string[], opts: ToolOptions = {}): ResultPromise {
  const { stdout, stderrLine } = opts;
  const child = execa(cmd, args, {
    cancelSignal: opts.signal,
    input: opts.input,
    // execa takes any open fd at run time; its types list only 0 and 3 to 9.
    ...(opts.stdinFd === undefined ? {} : { stdin: opts.stdinFd as 0 }),
    ...(stderrLine
      ? {
          stderr: {
            *transform(line: unknown) {
              if (!stderrLine(String(line))) yield line;
            },
          },
        }
      : {}),
    cwd: opts.cwd,
    stripFinalNewline: true,
    // Its own process group: a Ctrl-C on the terminal reaches chrootforge
    // only, which stops the tool (below) knowing the build was interrupted,
    // instead of seeing the tool fail first.
    detached: true,
    // A tool stopped by the signal gets 3 s to exit before SIGKILL.
    forceKillAfterDelay: 3000,
  });
  if (stdout) child.stdout?.on('data', (chunk: Buffer) => stdout(chunk.toString('utf8')));
  return child;
}

/** Turns an execa failure into a one-line, actionable {@link ToolError}. */
export function toolError(cmd: string, args: string[], err: unknown, signal?: AbortSignal): ToolError {
  const e = err as { code?: string; exitCode?: number; stderr?: unknown; isCanceled?: boolean; shortMessage?: string };
  const line = [cmd, ...args].join(' ');
  if (signal?.aborted || e.isCanceled) return new ToolError(`${line}: stopped (build cancelled)`, true);
  if (e.code === 'ENOENT') {
    const pkg = PACKAGE_OF[cmd];
    return new ToolError(
      `${cmd} was not found on PATH${pkg ? `: install the Debian package ${pkg} (scripts/install-deps.sh)` : ''}`,
    );
  }
  const stderr = String(e.stderr ?? '').trim();
  const detail = stderr ? `: ${stderr.split('\n').slice(-5).join(' | ')}` : '';
  const message = `${line} failed${e.exitCode !== undefined ? ` (exit ${e.exitCode})` : ''}${detail || (e.shortMessage ? `: ${e.shortMessage}` : '')}`;
  return new ToolError(message, false, e.exitCode);
}

/** Throws the signal's reason (or a generic abort error) when aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ToolError('stopped (build cancelled)', true);
}
