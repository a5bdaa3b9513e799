/**
 * Steps 5, 7 and 13: the source's host commands at three points of the
 * build, as Packer's chroot builders run them. One step, three uses: they
 * differ only in the field, what they say, and the template data. Nothing to
 * clean up — what a command did on the host is the template's business.
 */
import type { ChrootBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { runLocalCommands } from '../process/local-commands.js';
import type { TemplateData } from '../template/render.js';

/** Where a host-command step runs, and with what. */
interface HostCommands {
  /** The step's name (timings, machine-readable events). */
  name: string;
  field: 'pre_mount_commands' | 'post_mount_commands' | 'pre_unmount_commands';
  /** Said before the first command. */
  announce: string;
  /** The commands' template data (`{{.Device}}`, `{{.MountPath}}`). */
  data: (state: ChrootBuildState) => TemplateData;
}

function hostCommandsStep({ name, field, announce, data }: HostCommands): Step<ChrootBuildState> {
  return {
    name,
    async run(state, ctx) {
      const { source } = state.plan;
      const commands = source[field];
      if (commands.length === 0) return;
      ctx.ui.say(announce);
      await runLocalCommands(commands, data(state), {
        ui: ctx.ui,
        signal: ctx.signal,
        commandWrapper: source.command_wrapper,
      });
    },
  };
}

/** The loop device: the whole disk, before anything is mounted. */
const loopDeviceData = (state: ChrootBuildState): TemplateData => ({ Device: state.loop?.device ?? '' });

/** The mounted root device and its mount path. */
const mountedData = (state: ChrootBuildState): TemplateData => ({
  Device: state.device ?? '',
  MountPath: state.mountPath ?? '',
});

const PRE_MOUNT: HostCommands = {
  name: 'pre-mount-commands',
  field: 'pre_mount_commands',
  announce: 'Running pre-mount commands...',
  data: loopDeviceData,
};
const POST_MOUNT: HostCommands = {
  name: 'post-mount-commands',
  field: 'post_mount_commands',
  announce: 'Running post-mount commands...',
  data: mountedData,
};
const PRE_UNMOUNT: HostCommands = {
  name: 'pre-unmount-commands',
  field: 'pre_unmount_commands',
  announce: 'Running pre-unmount commands...',
  data: mountedData,
};

/** Step 5: before mounting. */
export const preMountCommandsStep = (): Step<ChrootBuildState> => hostCommandsStep(PRE_MOUNT);
/** Step 7: after mounting the root, before chroot_mounts. */
export const postMountCommandsStep = (): Step<ChrootBuildState> => hostCommandsStep(POST_MOUNT);
/** Step 13: after provisioning, before the early cleanup unmounts. */
export const preUnmountCommandsStep = (): Step<ChrootBuildState> => hostCommandsStep(PRE_UNMOUNT);
