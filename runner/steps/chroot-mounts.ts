/**
 * Step 8: chroot_mounts ([fstype, source, mountpoint]; arm's
 * image_chroot_mounts and arm-image's chroot_mounts arrive in the same
 * form). Mount points are created inside the root without following
 * symlinks out of it; `bind` and `rbind` are `mount --bind`/`--rbind` made
 * a slave, so mounts made under it never propagate back to the host's tree
 * (a shared /dev would otherwise receive them). A bound file (arm-image's
 * resolv-conf bind-host: /etc/resolv.conf) is mounted on an empty file put
 * in the image's path, the image's own file or symlink set aside until the
 * mount is gone, like a copied file.
 */
import { statSync } from 'node:fs';
import { performWrite, planReplacement } from '../chroot/saved-files.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import type { StepContext } from '../multistep/step.js';
import { mountTracked, type MountSpec } from './mount-tracked.js';
import { qemuBinaryFor } from './qemu-setup.js';
import { restoreFiles, unmountRecorded } from './teardown.js';

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
        ctx.ui.message(`Mounting: ${mountpoint}`);
        if (fstype === 'bind' || fstype === 'rbind') {
          const target = isDirectory(source)
            ? resolveInRoot(root, mountpoint, { create: 'all' })
            : fileMountPoint(state, ctx, root, mountpoint);
          // One mount(8) call binds and sets the propagation (util-linux >= 2.23).
          const args = ['--make-rslave', fstype === 'bind' ? '--bind' : '--rbind', source];
          await mountTracked(state, ctx, NAME, { args, target, source, fstype });
          continue;
        }
        const target = resolveInRoot(root, mountpoint, { create: 'all' });
        if (fstype === 'binfmt_misc' && !qemuBinaryFor(state.plan.source)) {
          await mountOptional(state, ctx, { args: ['-t', fstype, source], target, source, fstype });
        } else {
          await mountTracked(state, ctx, NAME, { args: ['-t', fstype, source], target, source, fstype });
        }
      }
    },
    async cleanup(state, ctx) {
      if (state.mounts.some((m) => m.owner === NAME)) ctx.ui.say('Unmounting the chroot mounts...');
      await unmountRecorded(state, ctx, NAME);
      await restoreFiles(state, ctx, NAME);
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // A missing source: mount says so, naming it.
    return true;
  }
}

/** An empty file at `mountpoint` in the image to bind a file onto; whatever was there is set aside. */
function fileMountPoint(state: BuildState, ctx: StepContext, root: string, mountpoint: string): string {
  const record = { ...planReplacement(root, mountpoint, state.buildId, ctx.journal), owner: NAME };
  // Listed before anything moves, so an interruption is undone too.
  state.savedFiles.push(record);
  performWrite(record, '', 0o644);
  return record.hostPath;
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
