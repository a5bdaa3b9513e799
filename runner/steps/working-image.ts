/**
 * Step 3: working image. The build changes a copy, never the source:
 * runner/image makes it (sparse/reflink copy, decompression, qcow2
 * conversion, tarball, from_scratch, growth) in the build's work directory.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareWorkingImage, WORKING_IMAGE_NAME } from '../image/prepare-working-image.js';
import type { ChrootBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';

/** The working-image step. */
export function workingImageStep(): Step<ChrootBuildState> {
  let journalId: string | undefined;
  return {
    name: 'working-image',
    async run(state, ctx) {
      ctx.ui.say('Preparing the working image...');
      const expected = join(state.workDir, WORKING_IMAGE_NAME);
      journalId = ctx.journal.take({ kind: 'temp-file', path: expected });
      const image = await prepareWorkingImage(state.plan.source, state.sourceImage, {
        workDir: state.workDir,
        signal: ctx.signal,
        log: (line) => ctx.ui.message(line),
        progress: (task, total) => ctx.ui.progress(task, total),
      });
      state.workingImage = image.path;
    },
    async cleanup(state, ctx) {
      // The artifact step may have consumed (renamed) it: rm -f is enough.
      rmSync(join(state.workDir, WORKING_IMAGE_NAME), { force: true });
      if (state.workingImage) rmSync(state.workingImage, { force: true });
      ctx.journal.release(journalId);
    },
  };
}
