/**
 * Several builds at once, as Packer's `build` runs them (command/build.go):
 * every build starts at once unless `parallelBuilds` limits how many run
 * together (0 = no limit, 1 = one after another). A build that fails does
 * not touch the others: they run to their end, each with its own journal,
 * work directory, loop devices and mounts; with `-on-error abort` the failed
 * one keeps its resources and the others still finish and clean up. One
 * SIGINT/SIGTERM handler stops them all: no further build starts, and every
 * started build runs its own cleanups, last step first.
 */
import { resolve } from 'node:path';
import type { BuildPlan } from '../template/index.js';
import { runBuild, type BuildResult, type RunBuildOptions } from './build.js';
import { BuildError } from './multistep/errors.js';
import { abortOnSignals } from './multistep/signals.js';
import type { CommandUi } from './ui/command-ui.js';
import { packerDuration } from './ui/duration.js';

/** Options of {@link runBuilds}. */
export interface RunBuildsOptions extends Omit<RunBuildOptions, 'ui' | 'signal' | 'handleSignals' | 'steps'> {
  ui: CommandUi;
  /** How many builds run at once: 0 (default) = all, 1 = one after another. */
  parallelBuilds?: number;
  /** Abort from outside (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

/** How one build ended. */
export interface BuildOutcome {
  plan: BuildPlan;
  /** Its place in the list (its colour). */
  index: number;
  result: BuildResult;
  /** Wall time of the build. */
  ms: number;
}

/** What {@link runBuilds} did. */
export interface RunBuildsResult {
  /** The builds that started, in the order given. */
  outcomes: BuildOutcome[];
  /** Builds not started because the run was interrupted first. */
  notStarted: BuildPlan[];
  /** SIGINT/SIGTERM or the caller's abort stopped the run. */
  interrupted: boolean;
  /** Wall time of the whole run. */
  ms: number;
}

/**
 * Runs `plans` (see the file's comment). Throws a {@link BuildError} before
 * starting anything when two builds would write the same file or mount at
 * the same place; never throws for a build's failure.
 */
export async function runBuilds(plans: BuildPlan[], options: RunBuildsOptions): Promise<RunBuildsResult> {
  const { ui, parallelBuilds = 0, signal, handleSignals = true, ...buildOptions } = options;
  const clashes = buildClashes(plans, parallelBuilds);
  if (clashes.length > 0) throw new BuildError(clashes.join('\n'));
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const removeHandlers = handleSignals
    ? abortOnSignals(controller, (sig, first) =>
        ui.error(
          first
            ? `Received ${sig}: stopping the builds and cleaning up...`
            : `Received ${sig} again: cleanup is in progress and will finish`,
        ),
      )
    : () => undefined;
  if (ui.colored) {
    for (const [i, plan] of plans.entries()) ui.say(`${plan.buildName}: output will be in this color.`, i);
    ui.say('');
  }
  const t0 = performance.now();
  const outcomes: Array<BuildOutcome | undefined> = new Array(plans.length);
  let next = 0;
  const runOne = async (index: number): Promise<BuildOutcome> => {
    const plan = plans[index]!;
    const started = performance.now();
    const result = await runBuild(plan, {
      ...buildOptions,
      ui: ui.forBuild(plan.buildName, index),
      signal: controller.signal,
      handleSignals: false,
    });
    const ms = performance.now() - started;
    if (result.ok) ui.say(`Build '${plan.buildName}' finished after ${packerDuration(ms)}.`, index);
    else ui.error(`Build '${plan.buildName}' errored after ${packerDuration(ms)}: ${failureOf(result)}`, index);
    return { plan, index, result, ms };
  };
  // Packer's semaphore: `limit` workers take the next build until none is
  // left or the run is interrupted.
  const worker = async (): Promise<void> => {
    while (next < plans.length && !controller.signal.aborted) {
      const index = next++;
      outcomes[index] = await runOne(index);
    }
  };
  const limit = parallelBuilds > 0 ? Math.min(parallelBuilds, plans.length) : plans.length;
  try {
    await Promise.all(Array.from({ length: limit }, worker));
  } finally {
    removeHandlers();
    signal?.removeEventListener('abort', onOuterAbort);
  }
  const started = outcomes.filter((o): o is BuildOutcome => o !== undefined);
  return {
    outcomes: started,
    notStarted: plans.filter((_, i) => outcomes[i] === undefined),
    interrupted: controller.signal.aborted,
    ms: performance.now() - t0,
  };
}

/** A failed build's error in one line (or its cleanup's). */
export function failureOf(result: BuildResult): string {
  return result.error?.message ?? result.cleanupErrors.map((e) => e.message).join('; ');
}

/**
 * Builds that would trample each other: two writing the same output_image
 * (the second would replace the first's artifact), and, when they may run
 * at once, two with the same fixed mount_path (without `{{.Device}}`).
 */
export function buildClashes(plans: BuildPlan[], parallelBuilds = 0): string[] {
  const clashes: string[] = [];
  const seen = (key: (plan: BuildPlan) => string | undefined, what: (a: BuildPlan, b: BuildPlan) => string): void => {
    const first = new Map<string, BuildPlan>();
    for (const plan of plans) {
      const k = key(plan);
      if (k === undefined) continue;
      const other = first.get(k);
      if (other) clashes.push(what(other, plan));
      else first.set(k, plan);
    }
  };
  seen(
    (p) => resolve(p.source.output_image),
    (a, b) =>
      `${a.buildName} and ${b.buildName} both write output_image ${resolve(a.source.output_image)}: the second would replace the first; give each source its own output_image`,
  );
  if (parallelBuilds !== 1)
    seen(
      (p) => (/\{\{\s*\.Device\s*\}\}/.test(p.source.mount_path) ? undefined : resolve(p.source.mount_path)),
      (a, b) =>
        `${a.buildName} and ${b.buildName} both mount at ${resolve(a.source.mount_path)} and would run at once: put {{.Device}} in mount_path, or build with -parallel-builds=1`,
    );
  return clashes;
}
