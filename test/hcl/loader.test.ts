// Runs in its own module graph (vitest isolates test files), so the parser
// is not loaded yet when the first test starts.
import { describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';

describe('initHclParser', () => {
  it('parseHcl before init fails with a clear message', () => {
    expect(() => parseHcl('x.pkr.hcl', 'a = 1')).toThrow(/await initHclParser\(\)/);
  });

  it('loads once, even when called concurrently, and then parses synchronously', async () => {
    const first = initHclParser();
    expect(initHclParser()).toBe(first);
    await first;
    expect(parseHcl('x.pkr.hcl', 'a = 1').body.attributes[0]?.name).toBe('a');
  });
});
