/**
 * Properties over random damage to the corpus: parsing never throws, and
 * every range anywhere in the result lies inside the text with start <= end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { locate } from '../../template/locate.js';
import type { ParsedFile, Position, Range } from '../../template/model.js';
import { comparePositions } from '../../template/text/range.js';

const CORPUS = join(import.meta.dirname, '../fixtures/hcl/corpus');
const texts = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.hcl'))
  .sort()
  .map((name) => readFileSync(join(CORPUS, name), 'utf8'));

beforeAll(async () => {
  await initHclParser();
});

function isRange(value: unknown): value is Range {
  const r = value as Range;
  return (
    typeof r === 'object' && r !== null && typeof r.start?.line === 'number' && typeof r.end?.character === 'number'
  );
}

/** Every range object reachable from the parse result (model and diagnostics). */
function allRanges(file: ParsedFile): Range[] {
  const found: Range[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (isRange(value)) found.push(value);
    for (const child of Object.values(value)) visit(child);
  };
  visit(file.body);
  visit(file.diagnostics);
  return found;
}

function insideText(lines: string[], position: Position): boolean {
  return (
    position.line >= 0 &&
    position.line < lines.length &&
    position.character >= 0 &&
    position.character <= lines[position.line]!.length
  );
}

function problemsOf(file: ParsedFile): string[] {
  const lines = file.text.split(/\r\n|\r|\n/);
  return allRanges(file).flatMap((range) => {
    if (!insideText(lines, range.start) || !insideText(lines, range.end))
      return [`outside the text: ${JSON.stringify(range)}`];
    if (comparePositions(range.start, range.end) > 0) return [`start after end: ${JSON.stringify(range)}`];
    return [];
  });
}

/** Characters that make HCL break in interesting ways. */
const HCL_NOISE = fc.constantFrom(
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
  '<<EOF\n',
  '\nEOF\n',
  '~',
  '.',
  ',',
  ':',
  '?',
  '#',
  '/*',
  '*/',
  '\\',
  'é',
  '😀',
  ' ',
  'x',
  '1e3',
  '\r\n',
  ';',
  '@',
);

const damagedText = fc
  .record({
    text: fc.constantFrom(...texts),
    cut: fc.nat(),
    length: fc.nat({ max: 40 }),
    insert: fc.array(HCL_NOISE, { maxLength: 6 }).map((parts) => parts.join('')),
  })
  .map(({ text, cut, length, insert }) => {
    const at = cut % (text.length + 1);
    return text.slice(0, at) + insert + text.slice(at + length);
  });

const truncatedText = fc
  .record({ text: fc.constantFrom(...texts), cut: fc.nat() })
  .map(({ text, cut }) => text.slice(0, cut % (text.length + 1)));

describe('parseHcl on damaged input', () => {
  it('never throws and keeps every range inside the text (edits and insertions)', () => {
    fc.assert(
      fc.property(damagedText, (text) => {
        expect(problemsOf(parseHcl('t.pkr.hcl', text))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws and keeps every range inside the text (truncations)', () => {
    fc.assert(
      fc.property(truncatedText, (text) => {
        expect(problemsOf(parseHcl('t.pkr.hcl', text))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(problemsOf(parseHcl('t.pkr.hcl', text))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('locate never throws and its expression chain always holds the position', () => {
    fc.assert(
      fc.property(damagedText, fc.nat(), (text, pick) => {
        const file = parseHcl('t.pkr.hcl', text);
        const lines = text.split(/\r\n|\r|\n/);
        const line = pick % lines.length;
        const position = { line, character: (pick >> 8) % (lines[line]!.length + 1) };
        const loc = locate(file, position);
        for (const expr of loc.exprs) {
          expect(comparePositions(expr.range.start, position)).toBeLessThanOrEqual(0);
          expect(comparePositions(position, expr.range.end)).toBeLessThanOrEqual(0);
        }
        if (loc.text) expect(loc.text.offset).toBeLessThanOrEqual(loc.text.part.raw.length);
      }),
      { numRuns: 300 },
    );
  });
});
