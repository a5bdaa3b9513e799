/** The step runner: order, LIFO cleanup, timings, failure, abort, -on-error abort. */
import { describe, expect, it } from 'vitest';
import { Journal } from '../../runner/journal/journal.js';
import { BuildAborted } from '../../runner/multistep/errors.js';
import { runSteps } from '../../runner/multistep/run-steps.js';
import type { Step } from '../../runner/multistep/step.js';
import { recordingUi } from '../../runner/ui/ui.js';

type Log = string[];
const step = (name: string, opts: { fail?: boolean; wait?: number; noCleanup?: boolean } = {}): Step<Log> => ({
  name,
  async run(log, ctx) {
    log.push(`run ${name}`);
    if (opts.wait)
      await new Promise((r, j) => {
        const t = setTimeout(r, opts.wait);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          j(ctx.signal.reason);
        });
      });
    if (opts.fail) throw new Error(`${name} failed`);
  },
  ...(opts.noCleanup
    ? {}
    : {
        async cleanup(log: Log, ctx: { outcome?: string }) {
          log.push(`cleanup ${name} (${ctx.outcome})`);
        },
      }),
});

describe('runSteps', () => {
  it('runs in order and cleans up in reverse on success, with timings', async () => {
    const log: Log = [];
    const r = await runSteps([step('a'), step('b', { noCleanup: true }), step('c')], log, {
      ui: recordingUi(),
      journal: Journal.inMemory(),
    });
    expect(r.ok).toBe(true);
    expect(log).toEqual(['run a', 'run b', 'run c', 'cleanup c (ok)', 'cleanup a (ok)']);
    expect(r.timings.map((t) => [t.name, t.outcome])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['c', 'ok'],
    ]);
    expect(r.timings[0]!.cleanupMs).toBeGreaterThanOrEqual(0);
  });

  it('stops at a failure; the failed step is cleaned too (it may be half done)', async () => {
    const log: Log = [];
    const r = await runSteps([step('a'), step('b', { fail: true }), step('c')], log, {
      ui: recordingUi(),
      journal: Journal.inMemory(),
    });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe('b failed');
    expect(log).toEqual(['run a', 'run b', 'cleanup b (failed)', 'cleanup a (failed)']);
  });

  it('-on-error abort skips the cleanups and says so', async () => {
    const log: Log = [];
    const r = await runSteps([step('a'), step('b', { fail: true })], log, {
      ui: recordingUi(),
      journal: Journal.inMemory(),
      onError: 'abort',
    });
    expect(r.leftInPlace).toBe(true);
    expect(log).toEqual(['run a', 'run b']);
  });

  it('an abort interrupts the running step promptly and still cleans up', async () => {
    const log: Log = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new BuildAborted('SIGINT')), 50);
    const t0 = Date.now();
    const r = await runSteps([step('a'), step('slow', { wait: 60_000 }), step('never')], log, {
      ui: recordingUi(),
      journal: Journal.inMemory(),
      signal: controller.signal,
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.interrupted).toBe(true);
    expect(log).toEqual(['run a', 'run slow', 'cleanup slow (interrupted)', 'cleanup a (interrupted)']);
    expect(r.timings.at(-1)?.outcome).toBe('interrupted');
  });

  it('a failing cleanup is reported and the other cleanups still run', async () => {
    const log: Log = [];
    const bad: Step<Log> = {
      name: 'bad',
      run: async () => undefined,
      cleanup: async () => {
        throw new Error('stuck');
      },
    };
    const ui = recordingUi();
    const r = await runSteps([step('a'), bad], log, { ui, journal: Journal.inMemory() });
    expect(r.ok).toBe(false);
    expect(r.cleanupErrors.map((e) => e.message)).toEqual(['stuck']);
    expect(log).toContain('cleanup a (ok)');
    expect(ui.lines.join('\n')).toMatch(/Cleanup of bad failed: stuck/);
  });
});
