/**
 * Whatever the text — truncated, spliced, garbage inserted — analysis of a
 * whole configuration never throws and every diagnostic range lies inside
 * its file, start before end. Seeds are the valid fixtures of every kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../template/text/line-index.js';
import { analyzeFiles } from '../support/analyze-text.js';

const dir = join(import.meta.dirname, '../fixtures/valid');
const SEEDS = [
  'chroot.pkr.hcl',
  'chroot.pkr.json',
  'chroot.json',
  'amazon.pkr.hcl',
  'amazon.json',
  'azure.pkr.hcl',
  'azure.json',
].map((name) => ({
  name,
  text: readFileSync(join(dir, name), 'utf8'),
}));

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '${',
  '{{',
  '}}',
  '{{.',
  '=',
  ',',
  '\n',
  'var.',
  'local.',
  '<<EOF\n',
  '#',
  '/*',
  '\\',
  'é',
  '😀',
  'null',
  '.Device',
  '(',
  ')',
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })),
  }),
);

type Edit =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string };

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === 'truncate') out = out.slice(0, at);
    else if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + e.length);
    else out = out.slice(0, at) + e.text + out.slice(at);
  }
  return out;
}

describe('analysis of broken text', () => {
  for (const seed of SEEDS) {
    it(`never throws and keeps ranges inside the text (${seed.name})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
          const text = apply(seed.text, edits as Edit[]);
          const analysis = await analyzeFiles({ [seed.name]: text });
          const lines = new LineIndex(text);
          for (const d of analysis.diagnostics) {
            const start = lines.offsetAt(d.range.start);
            const end = lines.offsetAt(d.range.end);
            expect(lines.positionAt(start)).toEqual(d.range.start);
            expect(lines.positionAt(end)).toEqual(d.range.end);
            expect(start).toBeLessThanOrEqual(end);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
