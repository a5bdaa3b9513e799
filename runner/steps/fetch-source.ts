/**
 * Step 2: fetch source, through runner/image: local paths and file:// URLs
 * used in place (the working-image step copies them; the source is never
 * modified), http(s) downloaded into the cache, source_checksum verified.
 */
import { fetchSourceForStep } from '../image/fetch-source.js';
import type { ChrootBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import type { ChrootSource } from '../../template/index.js';
import type { StartProgress } from '../ui/progress.js';

/** Fetches a remote source; resolves with a local path. */
export type FetchSource = (
  source: ChrootSource,
  options: { workDir: string; signal: AbortSignal; log: (line: string) => void; progress?: StartProgress },
) => Promise<string | undefined>;

/** The fetch-source step; `fetch` replaces runner/image's fetcher (tests, other tools). */
export function fetchSourceStep(fetch: FetchSource = fetchSourceForStep): Step<ChrootBuildState> {
  return {
    name: 'fetch-source',
    async run(state, ctx) {
      const source = state.plan.source;
      if (source.from_scratch || !source.source_image) return;
      ctx.ui.say(`Fetching the source image ${source.source_image}...`);
      state.sourceImage = await fetch(source, {
        workDir: state.workDir,
        signal: ctx.signal,
        log: (l) => ctx.ui.message(l),
        progress: (task, total) => ctx.ui.progress(task, total),
      });
    },
  };
}
