/**
 * Step 3's work: turn the fetched source into a raw working image in the
 * build's work directory. The source file is never modified: every kind is
 * copied, converted or built into a new file, which is grown to image_size
 * when asked.
 */
import { mkdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChrootSource } from '../../template/index.js';
import { writeAtomically, type OnTempPath } from './atomic-file.js';
import { growImage } from './grow-image.js';
import { detectSourceKind, sourceFileName, type SourceKind } from './source-kind.js';
import { decompressSparse, sparseCopy } from './sparse-copy.js';
import { imageFromTarball } from './tarball-image.js';
import { convertImage, qcow2VirtualSize } from './convert-image.js';
import type { StartProgress } from '../ui/progress.js';

/** Options for {@link prepareWorkingImage}. */
export interface PrepareOptions {
  /** The build's private directory; the working image is made here. */
  workDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports copying, conversion, decompression and extraction. */
  progress?: StartProgress;
  /**
   * Told the temp path the image is built under (renamed to the final name
   * when complete), before anything is written: journal it, and any loop
   * device backed by it (growth attaches one briefly), for `cleanup`.
   */
  onTempPath?: OnTempPath;
}

/** The working image: always a raw disk image. */
export interface WorkingImage {
  path: string;
  kind: 'raw';
}

/** File name of the working image inside workDir. */
export const WORKING_IMAGE_NAME = 'working-image.raw';

/**
 * Makes the raw working image for `source` from the local file
 * `sourcePath` (what fetchSource returned; undefined with from_scratch).
 * Raw images are copied sparse (reflink when possible), qcow2 converted,
 * gz/xz/zst decompressed sparse, rootfs tarballs built into a partitioned
 * ext4 image, from_scratch gives a blank sparse file. Then image_size grows
 * the image and, when it is the last partition, the root partition and its
 * ext2/3/4 file system.
 */
export async function prepareWorkingImage(
  source: ChrootSource,
  sourcePath: string | undefined,
  opts: PrepareOptions,
): Promise<WorkingImage> {
  await mkdir(opts.workDir, { recursive: true });
  const path = join(opts.workDir, WORKING_IMAGE_NAME);
  await writeAtomically(
    path,
    async (temp) => {
      if (source.from_scratch) await blankImage(source, temp, opts);
      else await imageFromSource(source, requireSourcePath(source, sourcePath), temp, opts);
    },
    opts.onTempPath,
  );
  return { path, kind: 'raw' };
}

function requireSourcePath(source: ChrootSource, sourcePath: string | undefined): string {
  if (!sourcePath) throw new Error(`source "${source.name}": source_image is required unless from_scratch is true`);
  return sourcePath;
}

async function blankImage(source: ChrootSource, out: string, opts: PrepareOptions): Promise<void> {
  if (!source.image_size) throw new Error(`source "${source.name}": from_scratch needs image_size (e.g. "2G")`);
  opts.log(`Creating a blank ${source.image_size}-byte image (from_scratch)`);
  await writeFile(out, '');
  await truncate(out, source.image_size);
}

async function imageFromSource(
  source: ChrootSource,
  sourcePath: string,
  out: string,
  opts: PrepareOptions,
): Promise<void> {
  const info = await stat(sourcePath).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`source_image ${sourcePath} does not exist or is not a file`);
  const kind = await detectSourceKind(sourcePath, sourceFileName(source.source_image ?? sourcePath));
  if (kind.kind === 'tarball') {
    if (!source.image_size) {
      throw new Error(
        `source_image ${sourcePath} is a rootfs tarball: set image_size (e.g. "2G") for the disk image made from it`,
      );
    }
    await imageFromTarball(sourcePath, kind.codec, out, {
      size: source.image_size,
      scratchDir: opts.workDir,
      signal: opts.signal,
      log: opts.log,
      progress: opts.progress,
    });
    return;
  }
  await rawFromImage(kind, sourcePath, out, opts);
  if (source.image_size) {
    await growImage(out, source.image_size, {
      rootPartition: source.mount_partition,
      signal: opts.signal,
      log: opts.log,
    });
  }
}

async function rawFromImage(
  kind: Exclude<SourceKind, { kind: 'tarball' }>,
  sourcePath: string,
  out: string,
  opts: PrepareOptions,
): Promise<void> {
  const { signal, progress } = opts;
  switch (kind.kind) {
    case 'raw':
      opts.log(`Copying the source image (sparse): ${sourcePath}`);
      return sparseCopy(sourcePath, out, { signal, progress, task: 'Copying the source image' });
    case 'qcow2':
      opts.log(`Converting the qcow2 source image to raw: ${sourcePath}`);
      // qemu-img leaves zero runs as holes (its default -S 4k).
      return convertImage('qcow2', 'raw', sourcePath, out, {
        signal,
        progress,
        task: 'Converting the source image',
        total: await qcow2VirtualSize(sourcePath),
      });
    case 'compressed-raw':
      opts.log(`Decompressing the source image (${kind.codec}): ${sourcePath}`);
      return decompressSparse(sourcePath, kind.codec, out, {
        signal,
        progress,
        task: `Decompressing the source image (${kind.codec})`,
      });
  }
}
