/**
 * Giving back what the build took, shared by early cleanup and by each
 * step's own cleanup. Every function is idempotent: it looks at the system
 * (mountinfo, losetup) rather than trusting that nothing was done already.
 */
import { killProcessesRootedIn } from '../chroot/kill-chroot-processes.js';
import { restoreSavedFile } from '../chroot/saved-files.js';
import { unmountPath, unmountTree } from '../chroot/unmount.js';
import { detachLoop, detachLoopsBackedBy } from '../loop/detach.js';
import type { BuildState } from '../multistep/build-state.js';
import type { StepContext } from '../multistep/step.js';

/**
 * Restores the saved files of `owner` (all when undefined), newest first.
 * A file something is bound onto (a bind-mounted resolv.conf) is
 * unmounted first: the mount point cannot be renamed over.
 */
export async function restoreFiles(state: BuildState, ctx: StepContext, owner?: string): Promise<void> {
  for (const record of [...state.savedFiles].reverse()) {
    if (owner && record.owner !== owner) continue;
    for (const mount of state.mounts.filter((m) => m.path === record.hostPath)) {
      await unmountPath(mount.path, { warn: (text) => ctx.ui.error(`Warning: ${text}`) }, state.mountPath);
      ctx.journal.release(mount.journalId);
      state.mounts.splice(state.mounts.indexOf(mount), 1);
    }
    restoreSavedFile(record);
    ctx.journal.release(record.journalId);
    state.savedFiles.splice(state.savedFiles.indexOf(record), 1);
  }
}

/**
 * Unmounts the mounts of `owner` (all when undefined), newest first, after
 * stopping every process rooted in the chroot (the "target is busy" cause).
 */
export async function unmountRecorded(state: BuildState, ctx: StepContext, owner?: string): Promise<void> {
  const reporter = { warn: (text: string) => ctx.ui.error(`Warning: ${text}`) };
  if (state.mountPath) {
    const killed = await killProcessesRootedIn(state.mountPath);
    if (killed.length)
      ctx.ui.message(`Stopped ${killed.length} process(es) still running in the chroot: ${killed.join(', ')}`);
  }
  // Everything at once (early cleanup): the whole tree under the root first.
  if (!owner && state.mountPath) await unmountTree(state.mountPath, reporter);
  for (const record of [...state.mounts].reverse()) {
    if (owner && record.owner !== owner) continue;
    // Mounts a provisioner made below ours come off first.
    await unmountTree(record.path, reporter);
    await unmountPath(record.path, reporter, state.mountPath);
    ctx.journal.release(record.journalId);
    state.mounts.splice(state.mounts.indexOf(record), 1);
  }
}

/** Detaches the build's loop devices (the partscan one and any offset ones). */
export async function detachRecorded(state: BuildState, ctx: StepContext): Promise<void> {
  const loop = state.loop;
  if (loop) {
    for (const device of [...loop.extraDevices].reverse()) await detachLoop(device);
    await detachLoop(loop.device);
  }
  // Catches a device attached just before an interruption, before it was recorded.
  if (state.workingImage) await detachLoopsBackedBy(state.workingImage);
  ctx.journal.release(state.loopJournalId);
  state.loop = undefined;
}
