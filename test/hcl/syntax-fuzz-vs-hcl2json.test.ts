/**
 * Random damage to the corpus, judged by us and by HashiCorp's parser
 * (hcl2json): both must agree whether the text is valid, and on the first
 * error (place and summary). Fixed seed, so a failure reproduces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { ourErrors, referenceErrors } from './support/hcl2json-errors.js';

const CORPUS = join(import.meta.dirname, '../fixtures/hcl/corpus');
const texts = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.hcl'))
  .sort()
  .map((name) => readFileSync(join(CORPUS, name), 'utf8'));

const NOISE = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '=',
  '\n',
  '${',
  '%{',
  '~',
  '.',
  ',',
  ':',
  '?',
  '#',
  '\\',
  'é',
  ' ',
  'x',
  '1',
  '!',
  '-',
  '*',
  '/',
  '<<EOF\n',
  "'",
  ';',
  '::',
);

const damaged = fc
  .record({
    text: fc.constantFrom(...texts),
    cut: fc.nat(),
    length: fc.nat({ max: 6 }),
    insert: fc.array(NOISE, { maxLength: 3 }),
  })
  .map(({ text, cut, length, insert }) => {
    const at = cut % (text.length + 1);
    return text.slice(0, at) + insert.join('') + text.slice(at + length);
  });

beforeAll(async () => {
  await initHclParser();
});

describe('syntax errors on random damage, against hcl2json', () => {
  it('agree on validity and on the first error', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async (text) => {
        const expected = await referenceErrors('f.pkr.hcl', text);
        const ours = ourErrors(parseHcl('f.pkr.hcl', text));
        expect(ours.length === 0).toBe(expected.length === 0);
        expect(ours[0]).toBe(expected[0]);
      }),
      { numRuns: 250, seed: 20261125 },
    );
  }, 120_000);
});
