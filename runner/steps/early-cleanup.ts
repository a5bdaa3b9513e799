/**
 * Step 14: early cleanup, before the artifact is taken: copied files
 * restored, processes still running in the chroot stopped, every mount
 * undone in reverse, the loop devices detached. The earlier steps' cleanups
 * then find nothing left to do.
 */
import { rmdirSync } from 'node:fs';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { detachRecorded, restoreFiles, unmountRecorded } from './teardown.js';

/** The early-cleanup step. */
export function earlyCleanupStep(): Step<BuildState> {
  return {
    name: 'early-cleanup',
    async run(state, ctx) {
      ctx.ui.say('Restoring copied files...');
      await restoreFiles(state, ctx);
      ctx.ui.say('Unmounting the chroot mounts and the root device...');
      await unmountRecorded(state, ctx);
      if (state.mountPath && state.mountDirJournalId) {
        try {
          rmdirSync(state.mountPath);
        } catch {
          // Not empty: it was not ours to empty.
        }
        ctx.journal.release(state.mountDirJournalId);
        state.mountDirJournalId = undefined;
      }
      ctx.ui.say('Detaching the loop device...');
      await detachRecorded(state, ctx);
      state.released = true;
    },
  };
}
