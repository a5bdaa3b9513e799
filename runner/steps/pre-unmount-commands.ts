/** Step 12: pre_unmount_commands on the host (`{{.Device}}`, `{{.MountPath}}`). */
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { runLocalCommands } from '../process/local-commands.js';

/** The pre-unmount-commands step. */
export function preUnmountCommandsStep(): Step<BuildState> {
  return {
    name: 'pre-unmount-commands',
    async run(state, ctx) {
      const { source } = state.plan;
      if (source.pre_unmount_commands.length === 0) return;
      ctx.ui.say('Running pre-unmount commands...');
      await runLocalCommands(
        source.pre_unmount_commands,
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
