/**
 * hclwrite.Format over a token stream: split into lines, run the passes,
 * write the tokens back out with their new spacing.
 */
import { linesForFormat } from './lines.js';
import { formatCells, formatIndent, formatSpaces } from './passes.js';
import type { Token } from './tokens.js';

/**
 * Re-spaces the tokens in place and returns the formatted text. Only
 * whitespace between tokens changes; token text (strings, heredocs,
 * comments) is written exactly as scanned.
 */
export function layoutTokens(tokens: Token[]): string {
  const lines = linesForFormat(tokens);
  formatIndent(lines);
  formatSpaces(lines);
  formatCells(lines);
  let out = '';
  // The EOF token is written too: its spaces (trailing blanks of a file
  // without a final newline) survive, exactly as in hclwrite.
  for (const t of tokens) out += ' '.repeat(t.spacesBefore) + t.text;
  return out;
}
