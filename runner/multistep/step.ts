/** One unit of a build: something it does, and how to undo it. */
import type { Journal } from '../journal/journal.js';
import type { Ui } from '../ui/ui.js';

/** What every step receives besides the state. */
export interface StepContext {
  /**
   * Aborts on SIGINT/SIGTERM (or a caller's abort). Pass it to every process
   * and wait; during cleanup it is a fresh, never-aborted signal so cleanup
   * always completes.
   */
  signal: AbortSignal;
  ui: Ui;
  /** Every resource is recorded here before it is used. */
  journal: Journal;
  /**
   * Set during cleanup only: how the build ended, so a cleanup can tell a
   * finished build from an interrupted one (e.g. drop an artifact whose
   * build was interrupted).
   */
  outcome?: 'ok' | 'failed' | 'interrupted';
}

/**
 * A build step. `cleanup` runs (in reverse order of the steps that started)
 * whether `run` succeeded, failed or was interrupted part-way, so it must be
 * idempotent and cope with a half-done `run`.
 */
export interface Step<S> {
  /** Stable name (timings, machine-readable events): `attach-loop-device`. */
  readonly name: string;
  run(state: S, ctx: StepContext): Promise<void>;
  cleanup?(state: S, ctx: StepContext): Promise<void>;
}
