/**
 * The chroot communicator: runs commands inside the mounted image and moves
 * files in and out of it. Commands go through command_wrapper; every path in
 * the image is resolved inside the root (resolve-in-root), so a symlink in
 * the image never leads a read or a write to the host.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  chmodSync,
  constants,
  openSync,
  rmSync,
} from 'node:fs';
import { basename, delimiter, join, posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { runProcess } from '../process/run-process.js';
import { shellQuote } from '../process/shell-quote.js';
import { renderTemplate } from '../template/render.js';

/** How a command runs. */
export interface StartOptions {
  /** Extra environment for this command (on top of chroot_env). */
  env?: Record<string, string>;
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  signal?: AbortSignal;
}

/** Default PATH inside the chroot: the image's own tools, not the host's. */
export const CHROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A communicator bound to one mounted root. */
export class ChrootCommunicator {
  /**
   * @param root host path of the mounted image root
   * @param commandWrapper template with `{{.Command}}` (Packer's command_wrapper)
   * @param chrootEnv environment of every command (Packer's chroot_env)
   */
  constructor(
    readonly root: string,
    readonly commandWrapper = '{{.Command}}',
    readonly chrootEnv: Record<string, string> = {},
  ) {}

  /**
   * The host shell text that runs `command` in the chroot: the chroot call is
   * built with every argument single-quoted, then wrapped. The host shell
   * therefore expands nothing of `command`; only the chroot's /bin/sh does.
   */
  hostCommand(command: string): string {
    const chroot = `${shellQuote(hostChroot())} ${shellQuote(this.root)} /bin/sh -c ${shellQuote(command)}`;
    return renderTemplate(this.commandWrapper, { Command: chroot });
  }

  /** Runs `command` with /bin/sh inside the chroot; resolves with its exit code. */
  async start(command: string, options: StartOptions = {}): Promise<number> {
    const env = { PATH: CHROOT_PATH, HOME: '/root', LANG: 'C.UTF-8', ...this.chrootEnv, ...options.env };
    const result = await runProcess('/bin/sh', ['-c', this.hostCommand(command)], {
      env,
      // The image sees only what it is given, not the host's environment.
      extendEnv: false,
      signal: options.signal,
      onStdout: options.stdout,
      onStderr: options.stderr,
    });
    return result.exitCode;
  }

  /**
   * Writes `source` (a host file path or a stream) to `dst` in the image.
   * A host file keeps its mode; a stream gets `mode` (default 0644). Missing
   * parent directories are created; a symlink at `dst` is followed inside
   * the image, never out of it.
   */
  async upload(dst: string, source: string | Readable, mode?: number): Promise<void> {
    const hostPath = resolveInRoot(this.root, dst, { create: 'parents' });
    const fileMode = mode ?? (typeof source === 'string' ? statSync(source).mode & 0o7777 : 0o644);
    const input = typeof source === 'string' ? createReadStream(source) : source;
    await writeNoFollow(hostPath, input, fileMode);
  }

  /**
   * Copies host directory `src` to `dst` in the image with Packer's rule: a
   * trailing slash on `src` copies its contents into `dst`; without it the
   * directory itself lands in `dst` (`dst/basename(src)`). Symlinks are
   * copied as symlinks. Entries named in `exclude` (a name or a path
   * relative to `src`) are skipped.
   */
  async uploadDir(dst: string, src: string, exclude: string[] = []): Promise<void> {
    const target = src.endsWith('/') ? dst : posix.join(dst, basename(src));
    await this.copyTreeIn(src.replace(/\/+$/, '') || '/', target, '', exclude);
  }

  /** Reads `src` in the image into a host stream or file (created 0644 unless it exists). */
  async download(src: string, destination: string | Writable): Promise<void> {
    const hostPath = resolveInRoot(this.root, src);
    const st = lstatSync(hostPath);
    if (!st.isFile()) throw new Error(`${src} is not a regular file in the image`);
    const input = readNoFollow(hostPath);
    const output =
      typeof destination === 'string' ? createWriteStream(destination, { mode: st.mode & 0o777 }) : destination;
    await pipeline(input, output);
  }

  /**
   * Copies directory `src` of the image to host directory `dst`, with the
   * same trailing-slash rule as uploadDir. Symlinks come out as symlinks
   * (with their image targets), never followed.
   */
  async downloadDir(src: string, dst: string, exclude: string[] = []): Promise<void> {
    const from = resolveInRoot(this.root, src);
    if (!lstatSync(from).isDirectory()) throw new Error(`${src} is not a directory in the image`);
    const target = src.endsWith('/') ? dst : join(dst, basename(src.replace(/\/+$/, '')));
    await copyTreeOut(from, target, '', exclude);
  }

  private async copyTreeIn(hostDir: string, imageDir: string, rel: string, exclude: string[]): Promise<void> {
    const dirHost = resolveInRoot(this.root, imageDir, { create: 'all' });
    chmodSync(dirHost, statSync(hostDir).mode & 0o7777);
    for (const name of readdirSync(hostDir).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (isExcluded(name, childRel, exclude)) continue;
      const hostChild = join(hostDir, name);
      const imageChild = posix.join(imageDir, name);
      const st = lstatSync(hostChild);
      if (st.isDirectory()) await this.copyTreeIn(hostChild, imageChild, childRel, exclude);
      else if (st.isSymbolicLink())
        replaceWithSymlink(resolveInRoot(this.root, imageChild, { followFinal: false }), readlinkSync(hostChild));
      else if (st.isFile()) await this.upload(imageChild, hostChild);
    }
  }
}

let chrootBinary: string | undefined;

/**
 * The host's chroot by absolute path: the command's PATH is the image's
 * (chroot_env may set it), which need not contain the host's /usr/sbin.
 */
function hostChroot(): string {
  chrootBinary ??=
    (process.env.PATH ?? '')
      .split(delimiter)
      .map((dir) => join(dir, 'chroot'))
      .find((p) => existsSync(p)) ?? '/usr/sbin/chroot';
  return chrootBinary;
}

async function copyTreeOut(fromHost: string, toHost: string, rel: string, exclude: string[]): Promise<void> {
  mkdirSync(toHost, { recursive: true, mode: lstatSync(fromHost).mode & 0o7777 });
  for (const name of readdirSync(fromHost).sort()) {
    const childRel = rel ? `${rel}/${name}` : name;
    if (isExcluded(name, childRel, exclude)) continue;
    const from = join(fromHost, name);
    const to = join(toHost, name);
    const st = lstatSync(from);
    if (st.isDirectory()) await copyTreeOut(from, to, childRel, exclude);
    else if (st.isSymbolicLink()) replaceWithSymlink(to, readlinkSync(from));
    else if (st.isFile()) await pipeline(readNoFollow(from), createWriteStream(to, { mode: st.mode & 0o7777 }));
  }
}

function isExcluded(name: string, rel: string, exclude: string[]): boolean {
  return exclude.some((e) => e === name || e.replace(/^\.?\/+|\/+$/g, '') === rel);
}

function replaceWithSymlink(path: string, target: string): void {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/**
 * Writes to `hostPath` without following a symlink there (O_NOFOLLOW): the
 * path was resolved inside the root, so a symlink now means a race.
 */
async function writeNoFollow(hostPath: string, input: Readable, mode: number): Promise<void> {
  const fd = openSync(
    hostPath,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    mode,
  );
  const output = createWriteStream('', { fd });
  await pipeline(input, output);
  // The mode of an existing file is not changed by open(): set it.
  chmodSync(hostPath, mode);
}

/** A read stream of `path` opened with O_NOFOLLOW (a symlink there is an error, not followed). */
function readNoFollow(path: string): Readable {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  return createReadStream('', { fd });
}
