/**
 * A JSON string's text as its parser decodes it, with the source offset of
 * every decoded UTF-16 code unit. HCL reads the decoded text (a template, a
 * native expression); the editor needs ranges in the escaped source, so a
 * `${var.x}` after a `\"` or a `\u00e9` still marks exactly `var.x`.
 */

/** Decoded text plus where each of its code units starts in the source. */
export interface DecodedString {
  text: string;
  /**
   * `offsets[i]`: source offset where decoded code unit i begins;
   * `offsets[text.length]`: the offset of the closing quote (or the end of
   * an unterminated string). One entry more than `text` has code units.
   */
  offsets: number[];
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Decodes the JSON string literal that starts with its opening quote at
 * `start` in `source` and spans `length` characters (jsonc-parser's node).
 * A faulty escape (already a syntax error) is kept as written.
 */
export function decodeJsonString(source: string, start: number, length: number): DecodedString {
  const end = source[start + length - 1] === '"' && length >= 2 ? start + length - 1 : start + length;
  let text = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < end) {
    const c = source[i]!;
    if (c !== '\\' || i + 1 >= end) {
      text += c;
      offsets.push(i);
      i++;
      continue;
    }
    const next = source[i + 1]!;
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      text += simple;
      offsets.push(i);
      i += 2;
      continue;
    }
    const hex = source.slice(i + 2, i + 6);
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      // One UTF-16 unit per \uXXXX: a surrogate pair arrives as two escapes, each mapped to its own.
      text += String.fromCharCode(Number.parseInt(hex, 16));
      offsets.push(i);
      i += 6;
      continue;
    }
    text += c;
    offsets.push(i);
    i++;
  }
  offsets.push(Math.max(start + 1, Math.min(i, end)));
  return { text, offsets };
}
