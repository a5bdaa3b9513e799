/**
 * The post-processors the CLI wires into builds. runner/post-processors
 * (the artifact engineer's module) is loaded when present; until then a
 * build with post-processors fails clearly in the post-processors step.
 */
import type { RunPostProcessors } from './post-processors.js';

/** Calls runner/post-processors/run-post-processors.js if it exists. */
export const runPostProcessorsHook: RunPostProcessors = async (plan, input) => {
  const modulePath = '../post-processors/run-post-processors.js';
  let mod: { runPostProcessors?: RunPostProcessors };
  try {
    mod = (await import(modulePath)) as { runPostProcessors?: RunPostProcessors };
  } catch {
    throw new Error(`post-processors (${plan.postProcessors.map((p) => p.type).join(', ')}) are not available in this build of chrootforge`);
  }
  if (!mod.runPostProcessors) throw new Error('runner/post-processors does not export runPostProcessors');
  return mod.runPostProcessors(plan, input);
};
