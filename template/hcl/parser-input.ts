/**
 * The text handed to tree-sitter, adjusted where its HCL grammar is narrower
 * than HCL itself. Every adjustment keeps the length and the line breaks, so
 * offsets in the tree are offsets in the original text, and the converters
 * read all text (numbers, names, strings) from the original.
 */

/**
 * `1e3` and `5E-2` are HCL numbers, but the grammar only accepts an exponent
 * after a fraction (`1.0e3`). Such exponents are hidden from it as digits
 * (`1e3` → `103`); the converter reads the real number from the original.
 */
export function grammarCompatibleText(text: string): string {
  return text.replace(
    /(?<![\w.])(\d+)([eE][-+]?\d+)(?![\w.])/gu,
    (_match, digits: string, exponent: string) => digits + exponent.replace(/[eE+-]/g, '0'),
  );
}

/**
 * The text with the given lines blanked out (every character but line
 * breaks becomes a space): used to re-parse around a line tree-sitter's
 * error recovery could not make sense of.
 */
export function maskLines(text: string, lineStarts: Iterable<number>): string {
  const chars = text.split('');
  for (const start of lineStarts) {
    for (let i = start; i < chars.length && chars[i] !== '\n' && chars[i] !== '\r'; i++) chars[i] = ' ';
  }
  return chars.join('');
}
