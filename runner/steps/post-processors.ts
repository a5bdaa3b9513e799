/**
 * Step 16: post-processors (checksum, manifest) on the finished artifact,
 * through runner/post-processors.
 */
import { runPostProcessors } from '../post-processors/run-post-processors.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import type { BuildPlan } from '../../template/index.js';

/** Runs the plan's post-processors on `artifact`; resolves with the files they wrote. */
export type RunPostProcessors = (
  plan: BuildPlan,
  input: { artifact: string; signal: AbortSignal; log: (line: string) => void },
) => Promise<string[]>;

/** The post-processors step. */
export function postProcessorsStep(run: RunPostProcessors = runPostProcessors): Step<BuildState> {
  return {
    name: 'post-processors',
    async run(state, ctx) {
      const { plan } = state;
      if (plan.postProcessors.length === 0) return;
      if (!state.artifactPath) throw new Error('post-processors need the artifact');
      ctx.ui.say('Running post-processors...');
      const files = await run(plan, {
        artifact: state.artifactPath,
        signal: ctx.signal,
        log: (l) => ctx.ui.message(l),
      });
      state.extraArtifacts.push(...files);
    },
  };
}
