/** Step 7: post_mount_commands on the host (`{{.Device}}`, `{{.MountPath}}`). */
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { runLocalCommands } from '../process/local-commands.js';

/** The post-mount-commands step. */
export function postMountCommandsStep(): Step<BuildState> {
  return {
    name: 'post-mount-commands',
    async run(state, ctx) {
      const { source } = state.plan;
      if (source.post_mount_commands.length === 0) return;
      ctx.ui.say('Running post-mount commands...');
      await runLocalCommands(
        source.post_mount_commands,
        { Device: state.device ?? '', MountPath: state.mountPath ?? '' },
        {
          ui: ctx.ui,
          signal: ctx.signal,
          commandWrapper: source.command_wrapper,
        },
      );
    },
  };
}
