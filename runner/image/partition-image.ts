/**
 * packer-builder-arm's StepPartitionImage on an image file: the partitions
 * of image_partitions, in order. `dos` is one sfdisk script (the plugin's:
 * `type=`, `start=` unless 0, `size=` unless "" or "0", so the last
 * partition takes the rest); `gpt` is one `sgdisk -n 0:START:SIZE -t 0:TYPE
 * -c 0:NAME` per partition, as the plugin runs it (SIZE is sgdisk's end
 * position: "+256M" for a size).
 */
import type { ArmPartition } from '../../template/index.js';
import { runTool } from './tool.js';

/** Writes a `type` partition table with `partitions` to the image file `image`. */
export async function partitionImage(
  image: string,
  type: 'dos' | 'gpt',
  partitions: ArmPartition[],
  signal?: AbortSignal,
): Promise<void> {
  if (type === 'gpt') {
    for (const p of partitions) {
      await runTool(
        'sgdisk',
        ['-n', `0:${p.start_sector}:${p.size}`, '-t', `0:${p.type}`, '-c', `0:${p.name}`, image],
        {
          signal,
        },
      );
    }
    return;
  }
  await runTool('sfdisk', ['--quiet', '--no-reread', '--no-tell-kernel', '--', image], {
    signal,
    input: dosScript(partitions),
  });
}

/** The sfdisk script of a dos table. */
export function dosScript(partitions: ArmPartition[]): string {
  const lines = ['label: dos', 'unit: sectors'];
  for (const p of partitions) {
    const fields = [`type=${p.type}`];
    if (p.start_sector !== 0) fields.push(`start=${p.start_sector}`);
    if (p.size !== '' && p.size !== '0') fields.push(`size=${p.size}`);
    lines.push(fields.join(', '));
  }
  return `${lines.join('\n')}\n`;
}
