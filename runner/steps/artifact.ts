/**
 * Step 15: the artifact, written by runner/artifact under a temporary name
 * and renamed when complete. raw and qcow2 come from the detached working
 * image; the tar formats need the file tree, so the image is attached again
 * and its partitions mounted read-only (image-layout.ts says which: no
 * chroot mounts, only the image's own files).
 */
import { mkdirSync, realpathSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeArtifact } from '../artifact/write-artifact.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { attachImage } from '../loop/attach.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step, StepContext } from '../multistep/step.js';
import { mountTracked } from './mount-tracked.js';
import { artifactMounts, isRootPath } from './image-layout.js';
import { detachRecorded, unmountRecorded } from './teardown.js';

const NAME = 'artifact';

/** The artifact step. */
export function artifactStep(): Step<BuildState> {
  const temps: Array<{ id: string; path: string }> = [];
  return {
    name: NAME,
    async run(state, ctx) {
      const { source } = state.plan;
      const image = state.workingImage;
      if (!image) throw new Error('artifact needs the working image');
      ctx.ui.say(`Writing the ${source.output_format} artifact ${source.output_image}...`);
      const rootDir = source.output_format.startsWith('tar') ? await mountReadOnly(state, ctx) : undefined;
      const result = await writeArtifact({
        workingImage: image,
        rootDir,
        format: source.output_format,
        output: source.output_image,
        consumeWorkingImage: true,
        signal: ctx.signal,
        log: (line) => ctx.ui.message(line),
        progress: (task, total) => ctx.ui.progress(task, total),
        onTempPath: (temp) => {
          temps.push({ id: ctx.journal.take({ kind: 'temp-file', path: temp }), path: temp });
        },
      });
      // Renamed into place: no longer a temp file to remove.
      for (const t of temps.splice(0)) ctx.journal.release(t.id);
      state.artifactPath = result.path;
      if (rootDir) await release(state, ctx);
    },
    async cleanup(state, ctx) {
      await release(state, ctx);
      // An interrupted build leaves no artifact that looks finished.
      if (ctx.outcome === 'interrupted' && state.artifactPath) {
        ctx.ui.message(`Removing the artifact of the interrupted build: ${state.artifactPath}`);
        for (const path of [state.artifactPath, ...state.extraArtifacts]) rmSync(path, { force: true });
        state.artifactPath = undefined;
        state.extraArtifacts.length = 0;
      }
      // A failed write removes its temp file itself; make sure, then forget it.
      for (const t of temps.splice(0)) {
        rmSync(t.path, { force: true });
        ctx.journal.release(t.id);
      }
    },
  };
}

async function mountReadOnly(state: BuildState, ctx: StepContext): Promise<string> {
  const image = state.workingImage!;
  const mounts = await artifactMounts(state.plan.source, image, ctx.signal);
  state.loopJournalId = ctx.journal.take({ kind: 'loop', backingFile: image });
  state.loop = await attachImage(image, {
    needed: mounts.map((m) => m.partition),
    signal: ctx.signal,
    log: (l) => ctx.ui.message(l),
  });
  mkdirSync(join(state.workDir, 'artifact-root'), { recursive: true });
  // Real path: mountinfo and /proc/PID/root report it so.
  const root = realpathSync(join(state.workDir, 'artifact-root'));
  state.mountPath = root;
  for (const m of mounts) {
    const device = m.partition === '0' ? state.loop.device : state.loop.partitions.get(m.partition)!;
    await mountTracked(state, ctx, NAME, {
      args: ['-o', 'ro', device],
      target: isRootPath(m.path) ? root : resolveInRoot(root, m.path),
      source: device,
      fstype: 'auto',
    });
  }
  return root;
}

async function release(state: BuildState, ctx: StepContext): Promise<void> {
  if (!state.mounts.some((m) => m.owner === NAME) && !state.loop) return;
  await unmountRecorded(state, ctx, NAME);
  await detachRecorded(state, ctx);
  try {
    rmdirSync(join(state.workDir, 'artifact-root'));
  } catch {
    // Never made, or already gone.
  }
}
