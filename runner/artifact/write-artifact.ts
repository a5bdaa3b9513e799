/**
 * Step 14: the artifact. raw (sparse, reflink when possible), qcow2
 * (qemu-img) or a tar of the mounted root (tar, tar.gz, tar.zst).
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
import { rename, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { OutputFormat } from '../../template/index.js';
import { writeAtomically, type OnTempPath } from '../image/atomic-file.js';
import { sparseCopy } from '../image/sparse-copy.js';
import { runTool } from '../image/tool.js';
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
      await runTool('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', input.workingImage, temp], {
        signal: input.signal,
      });
      return;
    case 'tar':
    case 'tar.gz':
    case 'tar.zst':
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
  await sparseCopy(input.workingImage, temp, input.signal);
}

const TAR_COMPRESSION: Partial<Record<OutputFormat, string>> = { 'tar.gz': '--gzip', 'tar.zst': '--zstd' };

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
  args.push('.');
  await runTool('tar', args, { signal: input.signal });
}
