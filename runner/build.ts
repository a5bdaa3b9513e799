/**
 * One build from a plan: journal, Ui, signals, the steps, the timing table.
 * Several builds at once (the CLI's `build`) go through runBuilds
 * (runner/parallel-builds.ts), which calls this for each; every build has
 * its own id, journal, work directory, loop devices and mounts.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defaultStateDir, Journal } from './journal/journal.js';
import { BuildError } from './multistep/errors.js';
import { hostProblems } from './preflight.js';
import { newBuildState, type BuildState } from './multistep/build-state.js';
import { runSteps, type OnError, type RunStepsResult } from './multistep/run-steps.js';
import { abortOnSignals } from './multistep/signals.js';
import type { Step } from './multistep/step.js';
import type { BuildPlan } from '../template/index.js';
import { defaultSteps, type StepHooks } from './steps/default-steps.js';
import { reportTimings } from './ui/timing-table.js';
import { humanUi, type Ui } from './ui/ui.js';

/** Options of {@link runBuild}. */
export interface RunBuildOptions extends StepHooks {
  ui?: Ui;
  onError?: OnError;
  /** Journal location (default CHROOTFORGE_STATE_DIR or /var/lib/chrootforge). */
  stateDir?: string;
  /**
   * Parent of the build's work directory (default CHROOTFORGE_WORK_DIR, else
   * the output's directory: working images are as big as the disk, too big
   * for a RAM-backed /tmp, and a raw artifact is then a rename away).
   */
  workRoot?: string;
  /** Abort from outside (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
  /** Replace the default sequence (library use). */
  steps?: Array<Step<BuildState>>;
}

/** What a build did. */
export interface BuildResult extends RunStepsResult {
  buildId: string;
  artifact?: string;
  extraArtifacts: string[];
  /** The journal kept for `chrootforge cleanup` (-on-error abort, failed cleanup). */
  journalPath?: string;
}

/** Runs one build of `plan`. Never throws for build failures: see `ok`/`error`. */
export async function runBuild(plan: BuildPlan, options: RunBuildOptions = {}): Promise<BuildResult> {
  const ui = options.ui ?? humanUi(plan.buildName);
  // Before the journal or the work directory exist: a host that cannot
  // build is told so with nothing changed.
  const problems = hostProblems();
  if (problems.length > 0) return notStarted(ui, problems.join('\n'), '');
  const buildId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  const stateDir = options.stateDir ?? defaultStateDir();
  const workRoot = options.workRoot ?? process.env.CHROOTFORGE_WORK_DIR ?? dirname(plan.source.output_image);
  // The first directory this build made on the way to workRoot (the output's
  // own directory, usually): a build that makes no artifact removes it again.
  const madeWorkRoot = mkdirSync(workRoot, { recursive: true });
  // Real path: losetup reports backing files so, and loop devices are found
  // again by their backing file.
  const workDir = join(realpathSync(workRoot), `.chrootforge-${buildId}`);
  let journal: Journal;
  try {
    journal = Journal.open(stateDir, buildId, plan.buildName);
  } catch (err) {
    // Without a journal a killed build could not be undone: do not start.
    removeEmptyDirs(workRoot, madeWorkRoot);
    return notStarted(
      ui,
      `cannot write the build journal in ${stateDir}: ${(err as Error).message} (set CHROOTFORGE_STATE_DIR to a writable directory)`,
      buildId,
    );
  }
  const workDirId = journal.take({ kind: 'temp-file', path: workDir });
  mkdirSync(workDir, { mode: 0o700 });
  const state = newBuildState(plan, buildId, workDir);
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const removeHandlers =
    options.handleSignals === false
      ? () => undefined
      : abortOnSignals(controller, (sig, first) =>
          ui.error(
            first
              ? `Received ${sig}: stopping the build and cleaning up...`
              : `Received ${sig} again: cleanup is in progress and will finish`,
          ),
        );
  ui.event('build-start', buildId);
  let result: RunStepsResult;
  try {
    result = await runSteps(options.steps ?? defaultSteps(options, plan), state, {
      ui,
      journal,
      signal: controller.signal,
      onError: options.onError,
    });
  } finally {
    removeHandlers();
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (!result.leftInPlace) {
    rmSync(workDir, { recursive: true, force: true });
    journal.release(workDirId);
    if (!result.ok) removeEmptyDirs(workRoot, madeWorkRoot);
  }
  reportTimings(ui, result.timings);
  const kept = journal.pending().length > 0;
  journal.close();
  // Packer's closing lines and artifact events come from runBuilds and the
  // summary (runner/ui/build-summary.ts), after every build has ended.
  ui.event('build-end', result.ok ? 'ok' : 'failed');
  return {
    ...result,
    buildId,
    artifact: state.artifactPath,
    extraArtifacts: state.extraArtifacts,
    journalPath: kept ? journal.path : undefined,
  };
}

/** Removes `dir` and its parents up to `top` (the first one made), each only while empty. */
function removeEmptyDirs(dir: string, top: string | undefined): void {
  if (!top) return;
  const last = resolve(top);
  for (let d = resolve(dir); d === last || d.startsWith(last + sep); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      // Not empty (another build's output, a file the user put there): kept, and so are its parents.
      return;
    }
  }
}

/** The result of a build refused before it changed anything. */
function notStarted(ui: Ui, message: string, buildId: string): BuildResult {
  const error = new BuildError(message);
  ui.error(message);
  return {
    ok: false,
    error,
    interrupted: false,
    leftInPlace: false,
    timings: [],
    cleanupErrors: [],
    buildId,
    extraArtifacts: [],
  };
}
