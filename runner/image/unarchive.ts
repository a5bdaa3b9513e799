/**
 * The arm builders' downloads unpacked: a board image inside a zip or a
 * compressed file becomes a raw working image (sparse: the zeros of a 4 GB
 * card image cost no disk); a rootfs archive is extracted into a directory.
 *
 * Two rules decide what a download is, one per plugin: packer-builder-arm's
 * archiver goes by the file name, packer-plugin-arm-image by the first bytes
 * (zip, xz, gzip, bzip2; anything else is the raw image itself).
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { decompressSparse, sparseCopy } from './sparse-copy.js';
import { writeSparse } from './sparse-writer.js';
import { kindFromName, type Codec } from './source-kind.js';
import { extractTarball } from './tarball-image.js';
import { runTool, throwIfAborted, toolError } from './tool.js';
import type { StartProgress } from '../ui/progress.js';

/** What a download holds. */
export type ArchiveKind =
  /** A zip; a board image zip holds exactly one file. */
  | { kind: 'zip' }
  /** A tar, compressed or not: a rootfs, or a directory holding the image. */
  | { kind: 'tar'; codec?: Codec }
  /** One compressed file (`image.img.xz`). */
  | { kind: 'compressed'; codec: Codec }
  /** Not an archive: the raw image itself. */
  | { kind: 'raw' };

/** packer-builder-arm's rule (mholt/archiver): by the file name; undefined when it names no archive. */
export function archiveKindByName(name: string): ArchiveKind | undefined {
  if (/\.zip$/i.test(name)) return { kind: 'zip' };
  const kind = kindFromName(name);
  if (kind?.kind === 'tarball') return kind.codec ? { kind: 'tar', codec: kind.codec } : { kind: 'tar' };
  if (kind?.kind === 'compressed-raw') return { kind: 'compressed', codec: kind.codec };
  return undefined;
}

/** packer-plugin-arm-image's rule: by the first bytes (its image opener's filetype match). */
export async function archiveKindByContent(path: string): Promise<Exclude<ArchiveKind, { kind: 'tar' }>> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await fh.read(head, 0, 6, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return { kind: 'zip' };
    if (bytes.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return { kind: 'compressed', codec: 'xz' };
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { kind: 'compressed', codec: 'gz' };
    if (bytes.subarray(0, 3).toString('latin1') === 'BZh') return { kind: 'compressed', codec: 'bz2' };
    return { kind: 'raw' };
  } finally {
    await fh.close();
  }
}

/** Options of the unpacking functions. */
export interface UnpackOptions {
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports the bytes read (copies, decompressions, tar extraction). */
  progress?: StartProgress;
}

/**
 * Writes the one image `archive` holds to `out` (which must not exist),
 * sparse. A zip must hold exactly one file, as both plugins require.
 */
export async function imageFromArchive(
  archive: string,
  kind: Exclude<ArchiveKind, { kind: 'tar' }>,
  out: string,
  opts: UnpackOptions,
): Promise<void> {
  switch (kind.kind) {
    case 'raw':
      opts.log(`Copying the image (sparse): ${archive}`);
      return sparseCopy(archive, out, { signal: opts.signal, progress: opts.progress });
    case 'compressed':
      opts.log(`Decompressing the image (${kind.codec}): ${archive}`);
      return decompressSparse(archive, kind.codec, out, { signal: opts.signal, progress: opts.progress });
    case 'zip': {
      const members = await zipMembers(archive, opts.signal);
      if (members.length !== 1)
        throw new Error(
          `support for only zip files with one file: ${archive} holds ${members.length} (${members.slice(0, 5).join(', ')}${members.length > 5 ? ', …' : ''})`,
        );
      opts.log(`Unzipping ${members[0]} (sparse): ${archive}`);
      return sparseFromStdout('unzip', ['-p', '--', archive, members[0]!], out, opts.signal);
    }
  }
}

/** Extracts a tar (as root: owners, modes, xattrs kept) or a zip into `dir`. */
export async function extractArchive(
  archive: string,
  kind: Extract<ArchiveKind, { kind: 'tar' | 'zip' }>,
  dir: string,
  opts: UnpackOptions,
): Promise<void> {
  opts.log(`Extracting ${archive} into ${dir}`);
  if (kind.kind === 'tar')
    return extractTarball(archive, kind.codec, dir, { signal: opts.signal, progress: opts.progress });
  await runTool('unzip', ['-q', '-o', archive, '-d', dir], { signal: opts.signal });
}

/** The names of a zip's entries (directories included, as Go's zip reader counts them). */
async function zipMembers(archive: string, signal?: AbortSignal): Promise<string[]> {
  const listing = await runTool('unzip', ['-Z1', archive], { signal });
  return listing.split('\n').filter((l) => l !== '');
}

/**
 * Runs `cmd args` and writes its stdout to `out` through the sparse writer
 * (node:child_process directly, as decompressSparse: execa with an
 * unbuffered stdout was measured to drop the tail of the stream).
 */
async function sparseFromStdout(cmd: string, args: string[], out: string, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGTERM', detached: true });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise<number | null>((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    child.once('close', (code) => resolveExit(code));
  });
  exited.catch(() => undefined);
  try {
    await writeSparse(child.stdout, out);
  } catch (err) {
    child.kill('SIGKILL');
    await exited.catch(() => undefined);
    if (signal?.aborted) throw toolError(cmd, args, err, signal);
    throw new Error(`writing ${out}: ${(err as Error).message}`);
  }
  let code: number | null;
  try {
    code = await exited;
  } catch (err) {
    throw toolError(cmd, args, err, signal);
  }
  if (code !== 0) throw toolError(cmd, args, { exitCode: code ?? undefined, stderr }, signal);
}
