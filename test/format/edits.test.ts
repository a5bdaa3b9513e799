/**
 * formatEdits (what the language server returns for formatting requests)
 * and the unified diff printed by `fmt -diff`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEdits, formatHcl, formatRangeEdits, unifiedDiff, type TextEdit } from '../../template/format/index.js';
import { LineIndex } from '../../template/text/line-index.js';
import { hclDocument } from './hcl-arbitrary.js';

/** Applies non-overlapping edits, last first, as an editor does. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => index.offsetAt(b.range.start) - index.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, index.offsetAt(e.range.start)) + e.newText + out.slice(index.offsetAt(e.range.end));
  return out;
}

const formatted = (text: string): string => {
  const r = formatHcl(text);
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.text;
};

const fixtures = join(import.meta.dirname, '../fixtures/fmt/input');

describe('formatEdits', () => {
  it('returns no edits for formatted text or for text with syntax errors', () => {
    expect(formatEdits('a = 1\n')).toEqual([]);
    expect(formatEdits('a = 1 b = 2\n')).toEqual([]);
  });

  it('touches only the lines that change', () => {
    const text = 'locals {\n  a = 1\n  b  = 2\n  c = 3\n}\n';
    expect(formatEdits(text)).toEqual([
      { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, newText: '  b = 2\n' },
    ]);
  });

  it('handles a last line without a newline', () => {
    const text = 'locals {\n  a = 1\n}   ';
    const edits = formatEdits('x  = 1');
    expect(edits).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }, newText: 'x = 1' },
    ]);
    expect(applyEdits(text, formatEdits(text))).toBe(formatted(text));
  });

  it.each(readdirSync(fixtures).sort())('turns %s into its formatted text', (name) => {
    const text = readFileSync(join(fixtures, name), 'utf8');
    const edits = formatEdits(text);
    expect(edits.length).toBeGreaterThan(0);
    expect(applyEdits(text, edits)).toBe(formatted(text));
  });

  it('keeps edits small on a large file (20,000 lines)', () => {
    const block = readFileSync(join(fixtures, '24-build-full.pkr.hcl'), 'utf8').replace('packer {', 'locals {');
    const text = block.repeat(800);
    const edits = formatEdits(text);
    // Four runs of changed lines per copy of the block; no edit rewrites a line that stays the same.
    expect(edits).toHaveLength(4 * 800);
    const oldLines = text.split('\n');
    for (const e of edits) {
      const replaced = oldLines.slice(e.range.start.line, e.range.end.line);
      const replacement = e.newText.split('\n').slice(0, -1);
      expect(replacement).toHaveLength(replaced.length);
      for (const [i, line] of replaced.entries()) expect(line).not.toBe(replacement[i]);
    }
    expect(applyEdits(text, edits)).toBe(formatted(text));
  });

  it('applied edits always give the formatted text (property)', () => {
    fc.assert(
      fc.property(hclDocument, (doc) => {
        expect(applyEdits(doc, formatEdits(doc))).toBe(formatted(doc));
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatRangeEdits', () => {
  const text = 'locals {\n  a  = 1\n  b = 2\n}\nlocals {\n  c  = 3\n}\n';

  it('keeps only the edits on the lines of the range', () => {
    const range = { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } };
    expect(formatRangeEdits(text, range)).toEqual([
      { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, newText: '  c = 3\n' },
    ]);
  });

  it('returns nothing for a range over lines that are already formatted', () => {
    expect(formatRangeEdits(text, { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } })).toEqual([]);
  });

  it('treats a selection ending at the start of a line as ending before it', () => {
    expect(formatRangeEdits(text, { start: { line: 2, character: 0 }, end: { line: 5, character: 0 } })).toEqual([]);
    expect(formatRangeEdits(text, { start: { line: 2, character: 0 }, end: { line: 5, character: 1 } })).toHaveLength(
      1,
    );
  });

  it('returns every edit for a range over the whole document', () => {
    expect(formatRangeEdits(text, { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } })).toEqual(
      formatEdits(text),
    );
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x.pkr.hcl')).toBe('');
  });

  it('prints diff -u hunks with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nK\nl\n';
    expect(unifiedDiff(before, after, 'x.pkr.hcl')).toBe(
      '--- old/x.pkr.hcl\n+++ new/x.pkr.hcl\n' +
        '@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n' +
        '@@ -8,5 +8,5 @@\n h\n i\n j\n-k\n+K\n l\n',
    );
  });

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('x  = 1', 'x = 1', 'f')).toBe(
      '--- old/f\n+++ new/f\n@@ -1 +1 @@\n-x  = 1\n\\ No newline at end of file\n+x = 1\n\\ No newline at end of file\n',
    );
  });

  it('joins changes six unchanged lines apart into one hunk, as diff -u does', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'A\nb\nc\nd\ne\nf\ng\nH\n';
    expect(unifiedDiff(before, after, 'f')).toBe(
      '--- old/f\n+++ new/f\n@@ -1,8 +1,8 @@\n-a\n+A\n b\n c\n d\n e\n f\n g\n-h\n+H\n',
    );
  });

  it('joins changes closer than six lines into one hunk', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'A\nb\nc\nd\ne\nf\nG\n';
    expect(unifiedDiff(before, after, 'f')).toBe(
      '--- old/f\n+++ new/f\n@@ -1,7 +1,7 @@\n-a\n+A\n b\n c\n d\n e\n f\n-g\n+G\n',
    );
  });
});
