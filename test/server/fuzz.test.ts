/**
 * Fuzz: a seeded, time-bounded run of bench/lsp/fuzz.mjs against a real
 * server process (issue 12): random edits, pastes of up to 150 KB of open
 * brackets, open blocks, garbage and template text, large deletions, and
 * random requests at random positions (some cancelled at once). Every
 * request is answered within 10 s, nothing is an internal error, the
 * server never dies, and its final diagnostics equal a fresh server's on
 * the same text. `FUZZ_SEED` replays a run; `node bench/lsp/fuzz.mjs`
 * runs longer and prints the latency distribution.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PASTE, runFuzz } from '../../bench/lsp/fuzz.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
// The fuzzing itself; with the final diagnostics, a fresh server's and the shutdown the test takes about 32 s.
const SECONDS = 25;

describe('fuzz: random edits and large pastes through a real server process', () => {
  it(`answers every request within 10 s for ${SECONDS} s and ends with a fresh server's diagnostics`, {
    timeout: 240_000,
  }, async () => {
    const run = await runFuzz({ seed: SEED, seconds: SECONDS, boundMs: 10_000 });
    const answered = [...run.latencies.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `fuzz seed ${SEED}: ${run.actions} actions, ${run.pastes} pastes up to ${MAX_PASTE} chars, ${answered} answered, ${run.cancelled} cancelled`,
    );
    expect(run.failures).toEqual([]);
    expect(run.late).toEqual([]);
    // The run did what it says: many actions, pastes among them, every kind of request answered.
    expect(run.actions).toBeGreaterThan(100);
    expect(run.pastes).toBeGreaterThan(0);
    for (const [method, values] of run.latencies)
      expect({ method, answered: values.length > 0 }).toEqual({ method, answered: true });
    expect(run.final).toEqual(run.fresh);
    expect(run.exitCode).toBe(0);
  });
});
