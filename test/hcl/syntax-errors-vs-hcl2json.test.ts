/**
 * Syntax errors of broken files: ours must be HCL's own (as @cdktf/hcl2json,
 * HashiCorp's parser in wasm, reports them) — same summary, same place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';

const BROKEN = join(import.meta.dirname, '../fixtures/hcl/broken');
const files = readdirSync(BROKEN).filter((name) => name.endsWith('.hcl')).sort();

beforeAll(async () => {
  await initHclParser();
});

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** HCL counts columns in characters (grapheme clusters); LSP in UTF-16 units. */
function utf16Column(lines: string[], line: number, column: number): number {
  const text = lines[line - 1] ?? '';
  let units = 0;
  let count = 1;
  for (const { segment } of graphemes.segment(text)) {
    if (count >= column) break;
    units += segment.length;
    count++;
  }
  return units + 1 + (column - count);
}

/** `file:L,C-L,C: Summary; Detail.` items of an hcl2json error, as `L,C-L,C Summary` (1-based, UTF-16 columns). */
async function referenceErrors(name: string, text: string): Promise<string[]> {
  try {
    await hcl2json(name, text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const lines = text.split('\n');
    const pattern = new RegExp(`${name.replace(/\./g, '\\.')}:(\\d+),(\\d+)-(?:(\\d+),)?(\\d+): ([^;]+);`, 'g');
    return [...message.matchAll(pattern)].map(([, line, col, endLine, endCol, summary]) => {
      const last = Number(endLine ?? line);
      return `${line},${utf16Column(lines, Number(line), Number(col))}-${last},${utf16Column(lines, last, Number(endCol))} ${summary}`;
    });
  }
  return [];
}

function ourErrors(name: string, text: string): string[] {
  return parseHcl(name, text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => {
      const { start, end } = d.range;
      return `${start.line + 1},${start.character + 1}-${end.line + 1},${end.character + 1} ${d.message.split(';')[0]}`;
    });
}

describe('syntax errors against @cdktf/hcl2json', () => {
  it('has a corpus of broken files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s: same errors at the same places', async (name) => {
    const text = readFileSync(join(BROKEN, name), 'utf8');
    const expected = await referenceErrors(name, text);
    expect(expected.length).toBeGreaterThan(0);
    expect(ourErrors(name, text)).toEqual(expected);
  });
});
