/** Step 4: attach the working image to a loop device, partitions reachable. */
import { attachImage } from '../loop/attach.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { partitionsToAttach } from './image-layout.js';
import { detachRecorded } from './teardown.js';

/** The attach-loop-device step. */
export function attachLoopDeviceStep(): Step<BuildState> {
  return {
    name: 'attach-loop-device',
    async run(state, ctx) {
      const image = state.workingImage;
      if (!image) throw new Error('attach-loop-device needs the working image');
      // mount-root resolves any partition not needed yet (a from_scratch
      // image is partitioned by pre_mount_commands).
      const needed = await partitionsToAttach(state.plan.source, image, ctx.signal);
      ctx.ui.say('Attaching the working image to a loop device...');
      // Journaled by backing file before losetup: a device attached by a
      // build killed before it learned the name is still found and detached.
      state.loopJournalId = ctx.journal.take({ kind: 'loop', backingFile: image });
      const attachment = await attachImage(image, { needed, signal: ctx.signal, log: (l) => ctx.ui.message(l) });
      state.loop = attachment;
      ctx.ui.message(`Loop device: ${attachment.device}`);
    },
    async cleanup(state, ctx) {
      await detachRecorded(state, ctx);
    },
  };
}
