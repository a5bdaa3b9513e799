/**
 * Step 8: chroot_mounts ([fstype, source, mountpoint]). Mount points are
 * created inside the root without following symlinks out of it; `bind` is
 * `mount --bind` made a slave, so mounts made under it never propagate back
 * to the host's tree (a shared /dev would otherwise receive them).
 */
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import type { StepContext } from '../multistep/step.js';
import { mountTracked, type MountSpec } from './mount-tracked.js';
import { unmountRecorded } from './teardown.js';

const NAME = 'chroot-mounts';

/** The chroot-mounts step. */
export function chrootMountsStep(): Step<BuildState> {
  return {
    name: NAME,
    async run(state, ctx) {
      const root = state.mountPath;
      if (!root) throw new Error('chroot-mounts needs the mounted root');
      ctx.ui.say('Mounting additional paths within the chroot...');
      for (const [fstype, source, mountpoint] of state.plan.source.chroot_mounts) {
        const target = resolveInRoot(root, mountpoint, { create: 'all' });
        ctx.ui.message(`Mounting: ${mountpoint}`);
        if (fstype === 'bind') {
          // One mount(8) call binds and sets the propagation (util-linux >= 2.23).
          await mountTracked(state, ctx, NAME, { args: ['--make-rslave', '--bind', source], target, source, fstype });
        } else if (fstype === 'binfmt_misc' && !state.plan.source.qemu_binary) {
          await mountOptional(state, ctx, { args: ['-t', fstype, source], target, source, fstype });
        } else {
          await mountTracked(state, ctx, NAME, { args: ['-t', fstype, source], target, source, fstype });
        }
      }
    },
    async cleanup(state, ctx) {
      if (state.mounts.some((m) => m.owner === NAME)) ctx.ui.say('Unmounting the chroot mounts...');
      await unmountRecorded(state, ctx, NAME);
    },
  };
}

/**
 * binfmt_misc is in Packer's default list, but only foreign-architecture
 * builds need it: where the kernel or a container lacks it, a native build
 * goes on with a warning instead of failing.
 */
async function mountOptional(state: BuildState, ctx: StepContext, spec: MountSpec): Promise<void> {
  try {
    await mountTracked(state, ctx, NAME, spec);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const record = state.mounts.at(-1);
    if (record?.path === spec.target) {
      state.mounts.pop();
      ctx.journal.release(record.journalId);
    }
    ctx.ui.error(
      `Warning: cannot mount ${spec.fstype} at ${spec.target} (${(err as Error).message}); going on, since no qemu_binary needs it`,
    );
  }
}
