/**
 * Step 9: copy_files. Each host file goes to the same path in the image; the
 * image's original (file or symlink) is set aside and restored exactly.
 * Packer's `cp` wrote through an absolute symlink such as
 * /etc/resolv.conf -> /run/systemd/resolve/stub-resolv.conf, i.e. onto the
 * host; here the symlink itself is moved aside and the copy takes its place.
 */
import { performPlacement, planPlacement } from '../chroot/saved-files.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { restoreFiles } from './teardown.js';

const NAME = 'copy-files';

/** The copy-files step. */
export function copyFilesStep(): Step<BuildState> {
  return {
    name: NAME,
    async run(state, ctx) {
      const root = state.mountPath;
      if (!root) throw new Error('copy-files needs the mounted root');
      if (state.plan.source.copy_files.length === 0) return;
      ctx.ui.say('Copying files from host to chroot...');
      for (const file of state.plan.source.copy_files) {
        ctx.ui.message(file);
        const record = { ...planPlacement(root, file, file, state.buildId, ctx.journal), owner: NAME };
        // Listed before anything moves, so an interruption is undone too.
        state.savedFiles.push(record);
        performPlacement(record, file);
      }
    },
    async cleanup(state, ctx) {
      await restoreFiles(state, ctx, NAME);
    },
  };
}
