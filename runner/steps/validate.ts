/**
 * Step 1: validate. The template's own diagnostics (the same engine the
 * editor runs; the CLI passes it in) and the host's readiness. Nothing has
 * been changed when this fails.
 */
import { BuildError } from '../multistep/errors.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { hostProblems } from '../preflight.js';

/** Returns error messages; empty = valid. */
export type TemplateCheck = () => Promise<string[]> | string[];

/** The validate step; `check` is the template validation, if any. */
export function validateStep(check?: TemplateCheck): Step<BuildState> {
  return {
    name: 'validate',
    async run(state, ctx) {
      const problems = [...(check ? await check() : []), ...hostProblems()];
      if (state.plan.source.mount_path.trim() === '') problems.push('mount_path is empty');
      if (problems.length > 0) throw new BuildError(problems.join('\n'));
      ctx.ui.say('Template and host checked');
    },
  };
}
