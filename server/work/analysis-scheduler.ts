/**
 * When configurations are analysed: after an edit has rested for the
 * debounce, in steps that give way to every pending message (requests come
 * first), and abandoned as soon as a newer edit of the same configuration
 * supersedes them (or the server shuts down). Only a complete analysis of
 * the latest edit publishes diagnostics.
 */
import type { PendingMessages } from '../protocol/pending.js';
import type { CachedAnalysis, Workspace } from '../workspace/workspace.js';
import { nextTurn, runSteps } from './steps.js';

/** Thrown between steps to stop an analysis an edit made pointless. */
const SUPERSEDED = Symbol('superseded');

export class AnalysisScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped by every scheduling of a configuration: an analysis of an older generation stops. */
  private readonly generations = new Map<string, number>();
  /** Generations are unique across configurations, so a forgotten configuration's entry can go. */
  private lastGeneration = 0;
  private stopped = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly pending: PendingMessages,
    private readonly publish: (key: string, result: CachedAnalysis) => void,
    private readonly failed: (key: string, err: unknown) => void,
  ) {}

  /** Analyses a document's configuration after `delayMs`; later calls restart the wait and stop a running analysis. */
  schedule(uri: string, delayMs: number): void {
    const where = this.workspace.classify(uri);
    if (!where || this.stopped) return;
    const generation = ++this.lastGeneration;
    this.generations.set(where.key, generation);
    clearTimeout(this.timers.get(where.key));
    const timer = setTimeout(() => {
      this.timers.delete(where.key);
      void this.run(where.key, generation, uri);
    }, delayMs);
    this.timers.set(where.key, timer);
  }

  /**
   * A configuration's last document closed: its waiting analysis is dropped
   * and a running one stops at its next step (run to its end, it would
   * analyse the files on disk, or keep the model of text nobody has open).
   */
  forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.delete(key);
  }

  /** No more analyses (shutdown): pending ones are dropped, running ones stop at their next step. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(key: string, generation: number, uri: string): Promise<void> {
    const current = () => !this.stopped && this.generations.get(key) === generation;
    const pause = async () => {
      await nextTurn();
      await this.pending.whenIdle();
      if (!current()) throw SUPERSEDED;
    };
    try {
      await pause();
      // Classified again: the document may have changed its kind (a JSON file that became a template) or closed.
      const where = this.workspace.classify(uri);
      if (!where || where.key !== key) return;
      const result = await runSteps(this.workspace.analysisSteps(where), pause);
      if (current()) this.publish(key, result);
    } catch (err) {
      if (err !== SUPERSEDED) this.failed(key, err);
    }
  }
}
