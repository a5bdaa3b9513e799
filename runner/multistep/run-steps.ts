/**
 * Runs steps in order and their cleanups in reverse (LIFO) on success,
 * failure or interruption. Records how long each run and cleanup took.
 */
import type { Journal } from '../journal/journal.js';
import type { Ui } from '../ui/ui.js';
import { BuildAborted } from './errors.js';
import type { Step, StepContext } from './step.js';

/** Timing of one step. */
export interface StepTiming {
  name: string;
  runMs: number;
  cleanupMs?: number;
  outcome: 'ok' | 'failed' | 'interrupted';
}

/** What to do when a step fails: undo everything (default) or leave it for inspection. */
export type OnError = 'cleanup' | 'abort';

export interface RunStepsOptions {
  ui: Ui;
  journal: Journal;
  /** Aborting it interrupts the running step; cleanups still run. */
  signal?: AbortSignal;
  onError?: OnError;
}

/** The outcome of a sequence. */
export interface RunStepsResult {
  ok: boolean;
  error?: Error;
  interrupted: boolean;
  /** True when -on-error abort left resources in place. */
  leftInPlace: boolean;
  timings: StepTiming[];
  /** Cleanup errors (each also reported through the Ui). */
  cleanupErrors: Error[];
}

/** Runs `steps` against `state`. Never throws: the result says what happened. */
export async function runSteps<S>(steps: Array<Step<S>>, state: S, options: RunStepsOptions): Promise<RunStepsResult> {
  const signal = options.signal ?? new AbortController().signal;
  const ctx: StepContext = { signal, ui: options.ui, journal: options.journal };
  const started: Array<{ step: Step<S>; timing: StepTiming }> = [];
  const timings: StepTiming[] = [];
  let error: Error | undefined;
  for (const step of steps) {
    if (signal.aborted) {
      error = asError(signal.reason);
      break;
    }
    const timing: StepTiming = { name: step.name, runMs: 0, outcome: 'ok' };
    timings.push(timing);
    // Registered before run: a step interrupted half-way still gets cleaned.
    started.push({ step, timing });
    const t0 = performance.now();
    options.ui.event('step-start', step.name);
    try {
      await raceAbort(step.run(state, ctx), signal);
      timing.runMs = performance.now() - t0;
      // A signal that arrived while the step finished still stops the build
      // here, also after the last step.
      if (signal.aborted) throw signal.reason;
    } catch (err) {
      timing.runMs = performance.now() - t0;
      error = signal.aborted ? asError(signal.reason) : asError(err);
      timing.outcome = error instanceof BuildAborted ? 'interrupted' : 'failed';
      break;
    }
  }
  const interrupted = error instanceof BuildAborted;
  if (error)
    options.ui.error(
      interrupted
        ? `Build interrupted (${(error as BuildAborted).reason}); cleaning up...`
        : `Build errored: ${error.message}`,
    );
  if (error && !interrupted && options.onError === 'abort') {
    return { ok: false, error, interrupted, leftInPlace: true, timings, cleanupErrors: [] };
  }
  const outcome = !error ? 'ok' : interrupted ? 'interrupted' : 'failed';
  const cleanupErrors = await runCleanups(started, state, { ...ctx, signal: new AbortController().signal, outcome });
  return { ok: !error && cleanupErrors.length === 0, error, interrupted, leftInPlace: false, timings, cleanupErrors };
}

async function runCleanups<S>(
  started: Array<{ step: Step<S>; timing: StepTiming }>,
  state: S,
  ctx: StepContext,
): Promise<Error[]> {
  const errors: Error[] = [];
  for (const { step, timing } of [...started].reverse()) {
    if (!step.cleanup) continue;
    const t0 = performance.now();
    try {
      await step.cleanup(state, ctx);
    } catch (err) {
      const e = asError(err);
      errors.push(e);
      ctx.ui.error(`Cleanup of ${step.name} failed: ${e.message}`);
    }
    timing.cleanupMs = performance.now() - t0;
  }
  return errors;
}

/**
 * A step that ignores its signal (a stuck fs call) must not hold the build:
 * when the signal aborts, stop waiting for it. Its processes were already
 * killed by runProcess.
 */
async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw asError(signal.reason);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(asError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    // Give the step a moment to wind down by itself (its processes get
    // SIGTERM), so cleanup does not race a step still touching resources.
    return await Promise.race([
      work,
      aborted.catch(async (e) => {
        await Promise.race([work.catch(() => undefined), delay(3000)]);
        throw e;
      }),
    ]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new BuildAborted(String(value ?? 'aborted'));
}
