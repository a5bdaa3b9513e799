/**
 * Growing the working image before it is attached: arm's `resize` method
 * (`qemu-img resize` to image_size, then the one ext partition of size "0"
 * and its file system to the end, as the plugin's StepResizeQemuImage,
 * StepExpandPartition and StepResizePartitionFs) and arm-image's
 * target_image_size / last_partition_extra_size (the last partition and its
 * ext file system). runner/image/grow-image.ts does the growing, offline.
 */
import { stat, truncate } from 'node:fs/promises';
import type { ArmImageSource, ArmSource } from '../../template/index.js';
import { growIntoFreeSpace } from '../image/grow-image.js';
import { runTool } from '../image/tool.js';
import { readPartitionTable } from '../loop/partition-table.js';
import type { ArmFamilyBuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import type { Step, StepContext } from '../multistep/step.js';

/** The resize-image step (its undoing is the working image's removal). */
export function resizeImageStep(): Step<ArmFamilyBuildState> {
  return {
    name: 'resize-image',
    async run(state, ctx) {
      const image = state.workingImage;
      if (!image) throw new Error('resize-image needs the working image');
      const { source } = state.plan;
      if (source.type === 'arm') await resizeArm(source, image, ctx);
      else await growArmImage(source, image, ctx);
    },
  };
}

/** The partition `resize` grows: the one of size "0" with an ext file system (partition numbers from 1). */
export function expandablePartition(source: ArmSource): number {
  const found = source.image_partitions.flatMap((p, i) =>
    p.size === '0' && p.filesystem.startsWith('ext') ? [i + 1] : [],
  );
  if (found.length === 1) return found[0]!;
  throw new BuildError(
    found.length === 0
      ? 'couldn\'t find any partition to expand: resize grows the one image_partitions entry with size = "0" and an ext filesystem'
      : `found ${found.length} resizable partitions ([${found.join(' ')}]), but we can expand only one`,
  );
}

async function resizeArm(source: ArmSource, image: string, ctx: StepContext): Promise<void> {
  const partition = expandablePartition(source);
  // The plugin hands qemu-img image_size as written ("2G" there is 2 GiB).
  const size = source.image_size ?? String(source.image_size_bytes);
  ctx.ui.say(`Resizing the image file to ${size} and partition ${partition} with it...`);
  await runTool('qemu-img', ['resize', '-q', '-f', 'raw', image, size], { signal: ctx.signal });
  await growIntoFreeSpace(image, {
    rootPartition: String(partition),
    required: true,
    signal: ctx.signal,
    log: (line) => ctx.ui.message(line),
  });
}

async function growArmImage(source: ArmImageSource, image: string, ctx: StepContext): Promise<void> {
  const current = (await stat(image)).size;
  const target = source.target_image_size ?? current + (source.last_partition_extra_size ?? 0);
  if (target < current)
    throw new BuildError(`Cannot shrink partition, current size is ${current}, new size is ${target}`);
  if (target === current) return;
  const table = await readPartitionTable(image, ctx.signal);
  const last = table.at(-1);
  if (!last) throw new BuildError('no partitions!');
  ctx.ui.say(`Growing the image and its last partition to ${Math.floor(target / 1024 / 1024)} M (${target} bytes)...`);
  await truncate(image, target);
  await growIntoFreeSpace(image, {
    rootPartition: last.number,
    signal: ctx.signal,
    log: (line) => ctx.ui.message(line),
  });
}
