/**
 * Step 2: fetch source. Local paths and file:// URLs are used in place (the
 * working-image step copies them; the source is never modified).
 * http(s) downloads with checksum and cache are runner/image's work: pass
 * its fetch function as `fetch`.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BuildError } from '../multistep/errors.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import type { ChrootSource } from '../plan.js';

/** Fetches a remote source; resolves with a local path. */
export type FetchSource = (source: ChrootSource, options: { workDir: string; signal: AbortSignal; log: (line: string) => void }) => Promise<string | undefined>;

/** The fetch-source step. */
export function fetchSourceStep(fetch?: FetchSource): Step<BuildState> {
  return {
    name: 'fetch-source',
    async run(state, ctx) {
      const source = state.plan.source;
      if (source.from_scratch || !source.source_image) return;
      if (fetch) {
        ctx.ui.say(`Fetching ${source.source_image}...`);
        state.sourceImage = await fetch(source, { workDir: state.workDir, signal: ctx.signal, log: (l) => ctx.ui.message(l) });
        return;
      }
      const path = localPath(source.source_image);
      if (!existsSync(path) || !statSync(path).isFile()) throw new BuildError(`source_image ${source.source_image}: file not found`);
      state.sourceImage = path;
    },
  };
}

function localPath(image: string): string {
  if (image.startsWith('file://')) return fileURLToPath(image);
  if (/^https?:\/\//.test(image)) throw new BuildError(`source_image ${image}: downloading needs the fetch function of runner/image`);
  return image;
}
