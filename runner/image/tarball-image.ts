/**
 * A rootfs tarball becomes a disk image: one msdos partition (from 1 MiB to
 * the end) holding ext4 built by `mkfs.ext4 -d` from the extracted tree.
 * mkfs writes straight into the partition through `-E offset=`, so no loop
 * device and no mount are needed.
 */
import { chmod, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withProgress, type StartProgress } from '../ui/progress.js';
import { withStdinFile } from './byte-meter.js';
import type { Codec } from './source-kind.js';
import { runTool, ToolError } from './tool.js';

/** Where the single partition starts: 1 MiB, the usual alignment. */
export const TARBALL_PARTITION_OFFSET = 1024 * 1024;

const TAR_CODEC_FLAG: Record<Codec, string> = { gz: '--gzip', xz: '--xz', zst: '--zstd', bz2: '--bzip2' };

/** Options for {@link imageFromTarball}. */
export interface TarballImageOptions {
  /** Total image size in bytes (image_size). */
  size: number;
  /** Scratch directory for the extracted tree (removed afterwards). */
  scratchDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports the extraction (bytes of the tarball read). */
  progress?: StartProgress;
}

/** Writes a partitioned ext4 image of `opts.size` bytes at `out` with the tree of `tarball`. */
export async function imageFromTarball(
  tarball: string,
  codec: Codec | undefined,
  out: string,
  opts: TarballImageOptions,
): Promise<void> {
  if (opts.size < 8 * 1024 * 1024)
    throw new Error(`image_size (${opts.size} bytes) is too small for a disk image: use at least 8M`);
  const tree = await mkdtemp(join(opts.scratchDir, 'rootfs-'));
  try {
    // The tree's top directory becomes the file system's root: give it a root's mode.
    await chmod(tree, 0o755);
    opts.log('Extracting the rootfs tarball');
    await extractTarball(tarball, codec, tree, opts);
    await writeFile(out, '');
    await truncate(out, opts.size);
    await runTool('sfdisk', ['--quiet', '--no-reread', '--no-tell-kernel', '--', out], {
      signal: opts.signal,
      input: `label: dos\nstart=${TARBALL_PARTITION_OFFSET / 512}, type=83\n`,
    });
    opts.log('Making the ext4 root file system from the tree');
    const fsKiB = Math.floor((opts.size - TARBALL_PARTITION_OFFSET) / 1024);
    try {
      await runTool(
        'mkfs.ext4',
        ['-F', '-q', '-L', 'rootfs', '-E', `offset=${TARBALL_PARTITION_OFFSET}`, '-d', tree, out, `${fsKiB}k`],
        { signal: opts.signal },
      );
    } catch (err) {
      if (err instanceof ToolError && !err.aborted) {
        throw new ToolError(`${err.message} (is image_size large enough for the tarball's tree?)`);
      }
      throw err;
    }
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

/**
 * Extracts as root would: owners by number, modes, xattrs and ACLs kept.
 * GNU tar delays symlinks that point outside the tree (absolute or `..`),
 * so an archive member can never be written through a symlink to the host.
 * tar reads the tarball as its stdin, whose offset is the progress.
 */
export async function extractTarball(
  tarball: string,
  codec: Codec | undefined,
  dir: string,
  opts: Pick<TarballImageOptions, 'signal' | 'progress'>,
): Promise<void> {
  const args = [
    '--extract',
    '--file',
    '-',
    '--directory',
    dir,
    '--numeric-owner',
    '--same-permissions',
    '--same-owner',
    '--xattrs',
    '--xattrs-include=*',
    '--acls',
  ];
  if (codec) args.push(TAR_CODEC_FLAG[codec]);
  const { size } = await stat(tarball);
  await withProgress(opts.progress, 'Extracting the rootfs tarball', size, (progress) =>
    withStdinFile(tarball, progress, (stdinFd) => runTool('tar', args, { signal: opts.signal, stdinFd })),
  );
}
