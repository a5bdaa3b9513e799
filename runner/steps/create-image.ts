/**
 * Step 3 of arm's `new` method: a blank image of image_size (sparse, as the
 * plugin's `dd seek=`), partitioned per image_partitions
 * (runner/image/partition-image.ts). The file systems are made once the
 * partitions are loop devices (mkfs-partitions.ts).
 */
import { rmSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { partitionImage } from '../image/partition-image.js';
import { WORKING_IMAGE_NAME } from '../image/prepare-working-image.js';
import type { ArmBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';

/** The create-image step. */
export function createImageStep(): Step<ArmBuildState> {
  let journalId: string | undefined;
  return {
    name: 'create-image',
    async run(state, ctx) {
      const { source } = state.plan;
      const image = join(state.workDir, WORKING_IMAGE_NAME);
      journalId = ctx.journal.take({ kind: 'temp-file', path: image });
      ctx.ui.say(
        `Creating an empty ${source.image_size_bytes}-byte image with ${source.image_partitions.length} ${source.image_type} partition(s)...`,
      );
      await writeFile(image, '');
      await truncate(image, source.image_size_bytes);
      state.workingImage = image;
      await partitionImage(image, source.image_type, source.image_partitions, ctx.signal);
    },
    async cleanup(state, ctx) {
      rmSync(join(state.workDir, WORKING_IMAGE_NAME), { force: true });
      ctx.journal.release(journalId);
      journalId = undefined;
    },
  };
}
