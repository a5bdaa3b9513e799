/**
 * Parse time of a generated 3,000-line template (printed for the report; the
 * bound is loose, to catch accidental quadratic behaviour, not to benchmark).
 */
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { generatedTemplate } from './support/generated-template.js';

beforeAll(async () => {
  await initHclParser();
});

function medianMs(run: () => void, times: number): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

describe('parse time', () => {
  it('parses a 3,000-line template quickly', () => {
    const text = generatedTemplate(3000);
    const lines = text.split('\n').length;
    expect(lines).toBeGreaterThanOrEqual(3000);
    const file = parseHcl('big.pkr.hcl', text);
    expect(file.diagnostics).toEqual([]);
    const clean = medianMs(() => parseHcl('big.pkr.hcl', text), 7);
    // One error near the top: the recovery path re-parses the whole text.
    const broken = text.replace('mount_partition = "1"', 'mount_partition = ');
    const withError = medianMs(() => parseHcl('big.pkr.hcl', broken), 7);
    console.log(`parseHcl on ${lines} lines (${text.length} chars): ${clean.toFixed(1)} ms clean, ${withError.toFixed(1)} ms with one syntax error (median of 7)`);
    expect(clean).toBeLessThan(1000);
    expect(withError).toBeLessThan(3000);
  });
});
