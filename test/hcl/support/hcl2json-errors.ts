/**
 * HashiCorp's own syntax errors for a text, from @cdktf/hcl2json, in the
 * shape our diagnostics are compared in: `L,C-L,C Summary` (1-based lines;
 * columns converted from HCL's characters to UTF-16 units).
 */
import { parse as hcl2json } from '@cdktf/hcl2json';
import type { ParsedFile } from '../../../template/model.js';

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

/** hcl2json's errors for the text (empty when it accepts it). */
export async function referenceErrors(name: string, text: string): Promise<string[]> {
  try {
    await hcl2json(name, text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Only parse errors count: hcl2json may also fail later, converting valid HCL to JSON.
    if (!message.startsWith('parse config')) return [];
    const lines = text.split('\n');
    const pattern = new RegExp(`${name.replace(/\./g, '\\.')}:(\\d+),(\\d+)-(?:(\\d+),)?(\\d+): ([^;]+);`, 'g');
    const found = [...message.matchAll(pattern)].map(([, line, col, endLine, endCol, summary]) => {
      const last = Number(endLine ?? line);
      return `${line},${utf16Column(lines, Number(line), Number(col))}-${last},${utf16Column(lines, last, Number(endCol))} ${summary}`;
    });
    return found.length > 0 ? found : [`unparsed: ${message}`];
  }
  return [];
}

/** Our syntax errors in the same shape. */
export function ourErrors(file: ParsedFile): string[] {
  return file.diagnostics
    .filter((d) => d.code === 'hcl-syntax' || d.code === 'hcl-duplicate-attribute')
    .map((d) => {
      const { start, end } = d.range;
      return `${start.line + 1},${start.character + 1}-${end.line + 1},${end.character + 1} ${d.message.split(';')[0]}`;
    });
}
