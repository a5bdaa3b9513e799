/**
 * image_size growth: the file is extended (sparsely), then — when the root
 * partition is the last one and holds ext2/3/4 — the partition is grown to
 * the end of the disk and its file system after it.
 *
 * A partition's file system is checked and resized on an offset loop
 * device (offset loop devices always work on this kernel; partition nodes
 * may not appear), detached before returning. e2fsprogs' `FILE?offset=N`
 * syntax is not used: resize2fs then truncates the image file to the file
 * system's size, cutting off the end of the partition.
 */
import { mkdir, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LOOP_LOCK_FILE } from '../loop/attach.js';
import {
  EXTENDED_TYPES,
  hasExtSuperblock,
  readPartitionTable,
  type Partition,
  type PartitionTable,
} from './partition-table.js';
import { runTool, ToolError } from './tool.js';

/** Options for {@link growImage}. */
export interface GrowOptions {
  /** Partition holding the root ("0" = the whole image is one file system). */
  rootPartition: string;
  /**
   * Fail instead of logging when the partition cannot be grown (not the
   * last one, no ext2/3/4): arm's `resize` exists to grow it.
   */
  required?: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/**
 * Grows `image` to `size` bytes. Refuses to shrink (the data would be cut).
 * Growing the root partition needs it to be the last partition; otherwise
 * only the file grows and a log line says why.
 */
export async function growImage(image: string, size: number, opts: GrowOptions): Promise<void> {
  const current = (await stat(image)).size;
  if (size < current) {
    throw new Error(
      `image_size (${size} bytes) is smaller than the source image (${current} bytes); chrootforge does not shrink images: raise image_size or remove it`,
    );
  }
  if (size === current) return;
  opts.log(`Growing the working image from ${current} to ${size} bytes`);
  await truncate(image, size);
  await growIntoFreeSpace(image, opts);
}

/**
 * After the image file grew: the root partition (when it is the last one)
 * to the end of the disk, and its ext2/3/4 file system with it. A GPT's
 * backup header moves to the new end first.
 */
export async function growIntoFreeSpace(image: string, opts: GrowOptions): Promise<void> {
  const size = (await stat(image)).size;
  const cannot = (why: string): void => {
    if (opts.required) throw new Error(why);
    opts.log(why);
  };
  const table = await readPartitionTable(image, opts.signal);
  if (!table || table.partitions.length === 0) {
    if (opts.rootPartition === '0' && (await hasExtSuperblock(image, 0))) await growExtFs(image, 0, size, opts);
    else cannot('No partition table: only the image file grew');
    return;
  }
  if (table.label === 'gpt') {
    // The backup GPT header must move to the new end before anything can use the space.
    await runTool('sfdisk', ['--quiet', '--no-reread', '--no-tell-kernel', '--relocate', 'gpt-bak-std', '--', image], {
      signal: opts.signal,
    });
  }
  const target = lastPartition(table);
  if (opts.rootPartition === '0') {
    cannot('mount_partition is "0" but the image has a partition table: partitions not grown');
    return;
  }
  if (String(target.number) !== opts.rootPartition) {
    cannot(`Partition ${opts.rootPartition} is not the last partition (${target.number}): partitions not grown`);
    return;
  }
  const offset = target.startSector * table.sectorSize;
  if (!(await hasExtSuperblock(image, offset))) {
    cannot(`Partition ${target.number} does not hold ext2/3/4: partition not grown`);
    return;
  }
  await growPartition(image, table, target, opts.signal);
  const grown = (await readPartitionTable(image, opts.signal))?.partitions.find((p) => p.number === target.number);
  if (!grown) throw new Error(`partition ${target.number} vanished from ${image} after growing it`);
  await growExtFs(image, offset, grown.sizeSectors * table.sectorSize, opts);
}

/** The partition that starts last (the one that can reach the new end). */
function lastPartition(table: PartitionTable): Partition {
  const real = table.partitions.filter((p) => !(table.label === 'dos' && EXTENDED_TYPES.has(p.type.toLowerCase())));
  return real.reduce((a, b) => (b.startSector > a.startSector ? b : a));
}

/** Grows partition `p` (and its extended container first, for a logical one) to the end of the disk. */
async function growPartition(image: string, table: PartitionTable, p: Partition, signal?: AbortSignal): Promise<void> {
  const extended =
    table.label === 'dos' && p.number >= 5
      ? table.partitions.find((q) => EXTENDED_TYPES.has(q.type.toLowerCase()))
      : undefined;
  for (const n of extended ? [extended.number, p.number] : [p.number]) {
    // ", +" keeps the start and type and takes all the free space after it.
    await runTool('sfdisk', ['--quiet', '--no-reread', '--no-tell-kernel', '-N', String(n), '--', image], {
      signal,
      input: ', +\n',
    });
  }
}

/** e2fsck then resize2fs of the ext file system at `offset` (`bytes` long). */
async function growExtFs(image: string, offset: number, bytes: number, opts: GrowOptions): Promise<void> {
  opts.log(`Resizing the ext file system of partition ${opts.rootPartition} to ${bytes} bytes`);
  if (offset === 0) return checkAndResize(image, opts.signal);
  // Under the runner's host-wide loop lock, so concurrent builds never pick the same device.
  await mkdir(dirname(LOOP_LOCK_FILE), { recursive: true });
  const device = await runTool(
    'flock',
    [
      '--timeout',
      '60',
      LOOP_LOCK_FILE,
      'losetup',
      '--find',
      '--show',
      '--offset',
      String(offset),
      '--sizelimit',
      String(bytes),
      '--',
      image,
    ],
    { signal: opts.signal },
  );
  try {
    await checkAndResize(device, opts.signal);
  } finally {
    // No signal here: the device must be detached even when the build was cancelled.
    await runTool('losetup', ['--detach', device]);
  }
}

async function checkAndResize(device: string, signal?: AbortSignal): Promise<void> {
  try {
    await runTool('e2fsck', ['-f', '-y', device], { signal });
  } catch (err) {
    // Exit 1 and 2 mean "errors corrected": the file system is fine to resize.
    const code = err instanceof ToolError ? err.exitCode : undefined;
    if (!(code === 1 || code === 2)) throw err;
  }
  // No size: resize2fs fills the device (the loop device is exactly the partition).
  await runTool('resize2fs', [device], { signal });
}
