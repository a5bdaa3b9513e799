/**
 * Step 14: the artifact. raw (sparse, reflink when possible), qcow2
 * (qemu-img) or a tar of the mounted root (tar, tar.gz, tar.zst; tar.xz
 * and tar.bz2 for arm's image_path).
 *
 * Output is written to `<output>.tmp-<random>` in the output's directory and
 * renamed when complete; on failure or abort the temp file is removed, so a
 * file under the final name is always a whole artifact.
 *
 * Existing output: replaced, atomically (the rename), with a log line. Packer
 * refuses unless -force; chrootforge has no -force, and a CI rebuild into the
 * same path is the common case, while the rename guarantees a reader never
 * sees a half-written file. A directory at the output path is an error.
 */
import { rename, stat, statfs } from 'node:fs/promises';
import { relative } from 'node:path';
import type { OutputFormat } from '../../template/index.js';
import { writeAtomically, type OnTempPath } from '../image/atomic-file.js';
import { sparseCopy } from '../image/sparse-copy.js';
import { convertImage } from '../image/convert-image.js';
import { runTool } from '../image/tool.js';
import { withProgress, type StartProgress } from '../ui/progress.js';
import { isImagePartitionMount, mountsBeneath } from './mountinfo.js';

/** What {@link writeArtifact} needs. */
export interface ArtifactInput {
  /** The raw working image (detached, unmounted). */
  workingImage: string;
  /** The mounted root, for the tar formats. */
  rootDir?: string;
  /**
   * Absolute mount points inside rootDir whose contents stay out of a tar
   * (the chroot_mounts); their directories are kept. Pseudo file systems and
   * host binds are left out even when not listed.
   */
  excludeMounts?: string[];
  format: OutputFormat;
  /** Absolute path of the artifact. */
  output: string;
  /**
   * raw only: the working image may be moved instead of copied (it is
   * discarded after the build anyway); falls back to a copy across file
   * systems.
   */
  consumeWorkingImage?: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports the copy, conversion or archive as it is written. */
  progress?: StartProgress;
  /** Told the temp path before it is created (for the journal). */
  onTempPath?: OnTempPath;
}

/** The finished artifact. */
export interface ArtifactResult {
  path: string;
  /** Apparent size in bytes. */
  bytes: number;
}

/** Writes the artifact in `input.format` to `input.output`. */
export async function writeArtifact(input: ArtifactInput): Promise<ArtifactResult> {
  const existing = await stat(input.output).catch(() => undefined);
  if (existing?.isFile()) input.log(`Replacing the existing artifact ${input.output}`);
  input.log(`Writing the ${input.format} artifact: ${input.output}`);
  await writeAtomically(input.output, (temp) => writeFormat(input, temp), input.onTempPath);
  return { path: input.output, bytes: (await stat(input.output)).size };
}

async function writeFormat(input: ArtifactInput, temp: string): Promise<void> {
  switch (input.format) {
    case 'raw':
      return writeRaw(input, temp);
    case 'qcow2':
      return convertImage('raw', 'qcow2', input.workingImage, temp, {
        signal: input.signal,
        progress: input.progress,
        task: 'Writing the qcow2 artifact',
      });
    case 'tar':
    case 'tar.gz':
    case 'tar.zst':
    case 'tar.xz':
    case 'tar.bz2':
      return writeTar(input, temp);
    default:
      throw new Error(`output_format ${String(input.format)} is not supported: use raw, qcow2, tar, tar.gz or tar.zst`);
  }
}

async function writeRaw(input: ArtifactInput, temp: string): Promise<void> {
  if (input.consumeWorkingImage) {
    try {
      await rename(input.workingImage, temp);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    }
  }
  await sparseCopy(input.workingImage, temp, {
    signal: input.signal,
    progress: input.progress,
    task: 'Writing the raw artifact',
  });
}

const TAR_COMPRESSION: Partial<Record<OutputFormat, string>> = {
  'tar.gz': '--gzip',
  'tar.zst': '--zstd',
  'tar.xz': '--xz',
  'tar.bz2': '--bzip2',
};

/** Escapes tar's wildcard characters in a member name. */
function globEscape(name: string): string {
  return name.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/**
 * tar of the mounted root: numeric owners, modes, symlinks, xattrs and ACLs
 * (pax format carries them). Contents of mounts that are not the image's own
 * partitions are excluded, their mount point directories kept.
 */
async function writeTar(input: ArtifactInput, temp: string): Promise<void> {
  if (!input.rootDir) throw new Error(`output_format ${input.format} needs the mounted root (rootDir)`);
  const root = input.rootDir;
  const mounts = await mountsBeneath(root);
  const listed = new Set((input.excludeMounts ?? []).map((p) => p.replace(/\/+$/, '')));
  const excluded = mounts
    .filter((m) => !isImagePartitionMount(m) || listed.has(`/${relative(root, m.mountPoint)}`))
    .map((m) => relative(root, m.mountPoint));
  for (const p of listed) excluded.push(p.replace(/^\/+/, ''));
  const args = [
    '--create',
    '--file',
    temp,
    '--directory',
    root,
    '--format=posix',
    '--numeric-owner',
    '--xattrs',
    '--xattrs-include=*',
    '--acls',
  ];
  const compression = TAR_COMPRESSION[input.format];
  if (compression) args.push(compression);
  // Anchored patterns match only from the archive root ("./proc/…").
  args.push('--anchored', '--wildcards');
  for (const rel of [...new Set(excluded)]) args.push(`--exclude=./${globEscape(rel)}/*`);
  // Every CHECKPOINT_RECORDS records tar tells how many bytes of archive it
  // wrote (before compression): the progress, against the bytes the file
  // system holds.
  args.push(`--checkpoint=${CHECKPOINT_RECORDS}`, `--checkpoint-action=echo=${CHECKPOINT_MARK} %T`);
  args.push('.');
  const task = `Writing the ${input.format} artifact`;
  await withProgress(input.progress, task, await usedBytes(root), (progress) =>
    runTool('tar', args, {
      signal: input.signal,
      stderrLine: (line) => {
        const m = new RegExp(`${CHECKPOINT_MARK} W: (\\d+)`).exec(line);
        if (m) progress.update(Number(m[1]));
        return line.includes(CHECKPOINT_MARK);
      },
    }),
  );
}

/** tar's records are 10 KiB: a checkpoint per 10 MiB of archive. */
const CHECKPOINT_RECORDS = 1024;
/** Marks tar's checkpoint lines apart from its messages. */
const CHECKPOINT_MARK = 'chrootforge-checkpoint';

/** Bytes in use on the file system mounted at `root` (what tar will read, roughly). */
async function usedBytes(root: string): Promise<number | undefined> {
  try {
    const fs = await statfs(root);
    return (fs.blocks - fs.bfree) * fs.bsize;
  } catch {
    return undefined;
  }
}
