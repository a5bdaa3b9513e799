/**
 * Step 2 of the arm builders: download the image or rootfs archive
 * (runner/image/fetch-download.ts): file_urls / iso_url(s) in order, the
 * checksum verified (file_checksum*, iso_checksum), http(s) through the
 * download cache, local files used in place and never changed.
 */
import { defaultCacheDir } from '../image/fetch-source.js';
import { fetchDownload } from '../image/fetch-download.js';
import type { ArmFamilyBuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import type { Step } from '../multistep/step.js';

/** The download step. */
export function downloadStep(): Step<ArmFamilyBuildState> {
  return {
    name: 'download',
    async run(state, ctx) {
      const { download } = state.plan.source;
      ctx.ui.say(`Downloading ${download.urls[0] ?? 'the image'}...`);
      try {
        state.sourceImage = await fetchDownload(download, {
          cacheDir: defaultCacheDir(),
          signal: ctx.signal,
          log: (line) => ctx.ui.message(line),
          progress: (task, total) => ctx.ui.progress(task, total),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new BuildError(`download: ${(err as Error).message}`);
      }
    },
  };
}
