/**
 * arm's image_setup_extra: host commands after the image is mounted and
 * before the chroot mounts, each an argument list run without a shell,
 * with `$MOUNTPOINT` (the mounted image) and `$IMAGE_PATH` (the image file
 * being built) replaced inside every element, as the plugin's
 * StepSetupExtra does. What a command changes on the host is the
 * template's business; nothing to undo.
 */
import type { ArmBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { runTemplateArgv, substituteArgv } from '../process/template-argv.js';

/** The setup-extra step. */
export function setupExtraStep(): Step<ArmBuildState> {
  return {
    name: 'setup-extra',
    async run(state, ctx) {
      const commands = state.plan.source.image_setup_extra;
      if (commands.length === 0) return;
      const root = state.mountPath;
      const image = state.workingImage;
      if (!root || !image) throw new Error('setup-extra needs the mounted image');
      ctx.ui.say('Running image_setup_extra...');
      for (const command of commands) {
        const argv = substituteArgv(command, { $MOUNTPOINT: root, $IMAGE_PATH: image }, 'anywhere');
        await runTemplateArgv('image_setup_extra', argv, { ui: ctx.ui, signal: ctx.signal });
      }
    },
  };
}
