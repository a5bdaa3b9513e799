/**
 * Step 6: mount the image's partitions at mount_path (rendered with
 * `{{.Device}}`, the loop device's name): for chroot the root device with
 * mount_options, then partition_mounts inside it (e.g.
 * `["1", "/boot/firmware"]`); for the arm builders their partitions in
 * mountpoint order (image-layout.ts).
 */
import { existsSync, mkdirSync, readdirSync, realpathSync, rmdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { partitionMounts, isRootPath, type PartitionMount } from './image-layout.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { isMountPoint } from '../chroot/mountinfo.js';
import { ensurePartitions } from '../loop/attach.js';
import { BuildError } from '../multistep/errors.js';
import type { Journal } from '../journal/journal.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { renderTemplate } from '../template/render.js';
import { mountTracked } from './mount-tracked.js';
import { unmountRecorded } from './teardown.js';

const NAME = 'mount-root';

/** The mount-root step. */
export function mountRootStep(): Step<BuildState> {
  return {
    name: NAME,
    async run(state, ctx) {
      const { source } = state.plan;
      const loop = state.loop;
      const image = state.workingImage;
      if (!loop || !image) throw new Error('mount-root needs an attached loop device');
      const mounts = await partitionMounts(source, image, ctx.signal);
      await ensurePartitions(loop, image, {
        needed: mounts.map((m) => m.partition),
        signal: ctx.signal,
        log: (l) => ctx.ui.message(l),
      });
      const deviceOf = (m: PartitionMount): string => {
        const device = m.partition === '0' ? loop.device : loop.partitions.get(m.partition);
        if (!device) throw new BuildError(`${m.field}: no partition ${m.partition} on ${loop.device}`);
        return device;
      };
      const root = mounts.find((m) => isRootPath(m.path));
      state.device = root ? deviceOf(root) : loop.device;
      const mountPath = resolve(renderTemplate(source.mount_path, { Device: basename(loop.device) }));
      state.mountDirJournalId = prepareMountDir(mountPath, ctx.journal);
      // The kernel reports mounts (mountinfo) and process roots by their real
      // path: through a symlinked parent, an exact match would miss them.
      state.mountPath = realpathSync(mountPath);
      for (const m of mounts) {
        const device = deviceOf(m);
        const options = m.options.flatMap((o) => ['-o', o]);
        let target = state.mountPath;
        if (m === root) ctx.ui.say(`Mounting the root device ${device} at ${state.mountPath}...`);
        else {
          target = resolveInRoot(state.mountPath, m.path, { create: 'all' });
          ctx.ui.message(`Mounting partition ${m.partition} (${device}) at ${m.path}`);
        }
        await mountTracked(state, ctx, NAME, { args: [...options, device], target, source: device, fstype: 'auto' });
      }
    },
    async cleanup(state, ctx) {
      if (state.mounts.some((m) => m.owner === NAME)) ctx.ui.say('Unmounting the root device...');
      await unmountRecorded(state, ctx, NAME);
      if (state.mountPath && state.mountDirJournalId) {
        removeIfEmpty(state.mountPath);
        ctx.journal.release(state.mountDirJournalId);
        state.mountDirJournalId = undefined;
      }
    },
  };
}

/**
 * Creates the mount directory, refusing one in use: another build's mount,
 * or a directory with files in it (a unique path per device is the rule).
 * Returns the journal entry of the directory when this build created it.
 */
function prepareMountDir(mountPath: string, journal: Journal): string | undefined {
  if (isMountPoint(realOrSelf(mountPath)))
    throw new BuildError(
      `mount_path ${mountPath} is already a mount point (another build?); use {{.Device}} in mount_path to keep it unique`,
    );
  if (existsSync(mountPath)) {
    if (readdirSync(mountPath).length > 0) throw new BuildError(`mount_path ${mountPath} exists and is not empty`);
    return undefined;
  }
  mkdirSync(dirname(mountPath), { recursive: true });
  const id = journal.take({ kind: 'dir', path: mountPath });
  mkdirSync(mountPath, { mode: 0o755 });
  return id;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty or gone: leave it.
  }
}
