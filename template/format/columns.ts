/**
 * Column arithmetic for alignment. hclwrite measures a token in grapheme
 * clusters (not bytes, not display width), so `日本` counts 2 and `é` 1.
 */
import type { Token } from './tokens.js';

/** Made at the first non-ASCII text: the first Intl.Segmenter of a process loads ICU's break data (16–60 ms). */
let segmenter: Intl.Segmenter | undefined;

/**
 * A letter, a virama-like linker (Devanagari, Bengali, Gujarati, Oriya,
 * Telugu, Malayalam) among optional marks, then a letter: where Unicode
 * 15.1's rule GB9c joins a conjunct that older segmenters split.
 */
const CONJUNCT_JOIN = /\p{L}[\p{M}\u200D]*?[\u094D\u09CD\u0ACD\u0B4D\u0C4D\u0D4D][\p{M}\u200D]*(?=\p{L})/gu;

/**
 * U+FFFD followed by marks: go-textseg (decoding it as an error rune) ends a
 * cluster after it, so the marks that follow form a cluster of their own.
 */
const REPLACEMENT_THEN_MARK = /\uFFFD(?=\p{M}|\u200D|[\u{1F3FB}-\u{1F3FF}])/gu;

/**
 * Grapheme clusters in a string, as hclwrite's segmenter (go-textseg, older
 * than Unicode 15.1) counts them: Intl.Segmenter's clusters, with Indic
 * conjuncts split again after their linker (`क्ष` counts 2, as packer fmt
 * aligns it) and U+FFFD kept apart from the marks after it. ASCII takes a
 * fast path: one per character, CR LF counting one.
 */
export function graphemeCount(text: string): number {
  if (/^\p{ASCII}*$/u.test(text)) return text.length - countCrLf(text);
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const clusters = Array.from(segmenter.segment(text)).length;
  return clusters + (text.match(CONJUNCT_JOIN)?.length ?? 0) + (text.match(REPLACEMENT_THEN_MARK)?.length ?? 0);
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
