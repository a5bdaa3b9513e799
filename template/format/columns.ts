/**
 * Column arithmetic for alignment. hclwrite measures a token in grapheme
 * clusters (not bytes, not display width), so `日本` counts 2 and `é` 1.
 */
import type { Token } from './tokens.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Grapheme clusters in a string (ASCII fast path: one per character). */
export function graphemeCount(text: string): number {
  if (/^[\x00-\x7f]*$/.test(text)) return text.length - countCrLf(text);
  return Array.from(segmenter.segment(text)).length;
}

/** CR LF is a single grapheme cluster. */
function countCrLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\r\n'); i >= 0; i = text.indexOf('\r\n', i + 2)) n++;
  return n;
}

/** Columns a run of tokens occupies, counting the spaces before each (hclwrite's Tokens.Columns). */
export function columns(tokens: readonly Token[] | null): number {
  if (!tokens) return 0;
  let n = 0;
  for (const t of tokens) n += t.spacesBefore + graphemeCount(t.text);
  return n;
}
