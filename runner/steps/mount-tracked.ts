/** One journaled mount: recorded before `mount` runs, listed in the state after. */
import { withPrivilegeHint } from '../preflight.js';
import { runTool } from '../process/run-process.js';
import type { BuildState } from '../multistep/build-state.js';
import type { StepContext } from '../multistep/step.js';

/** What to mount where. */
export interface MountSpec {
  /** `mount` arguments before the target (e.g. `['-t', 'proc', 'proc']`). */
  args: string[];
  target: string;
  source: string;
  fstype: string;
}

/** Mounts `spec` for step `owner`; its cleanup finds it in `state.mounts`. */
export async function mountTracked(state: BuildState, ctx: StepContext, owner: string, spec: MountSpec): Promise<void> {
  const journalId = ctx.journal.take({ kind: 'mount', path: spec.target });
  // In the state before mount runs: an interruption mid-mount is cleaned too
  // (unmounting a path that is not mounted is a no-op).
  state.mounts.push({ path: spec.target, source: spec.source, fstype: spec.fstype, owner, journalId });
  await runTool('mount', [...spec.args, spec.target], { signal: ctx.signal }).catch((err: unknown) => {
    throw withPrivilegeHint(err);
  });
}
