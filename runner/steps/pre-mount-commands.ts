/** Step 5: pre_mount_commands on the host (`{{.Device}}` = the loop device path). */
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { runLocalCommands } from '../process/local-commands.js';

/** The pre-mount-commands step. */
export function preMountCommandsStep(): Step<BuildState> {
  return {
    name: 'pre-mount-commands',
    async run(state, ctx) {
      const { source } = state.plan;
      if (source.pre_mount_commands.length === 0) return;
      ctx.ui.say('Running pre-mount commands...');
      await runLocalCommands(
        source.pre_mount_commands,
        { Device: state.loop?.device ?? '' },
        {
          ui: ctx.ui,
          signal: ctx.signal,
          commandWrapper: source.command_wrapper,
        },
      );
    },
  };
}
