/**
 * Splits a token stream into hclwrite's "format lines". Each line has up to
 * three cells whose first tokens get aligned with neighbouring lines:
 * `lead` (everything up to the others), `assign` (from an attribute's `=`
 * to the end, when the value closes on the same line) and `comment` (a
 * trailing line comment after other tokens).
 */
import { bracketChange, endsLine, type Token } from './tokens.js';

export interface FormatLine {
  lead: Token[];
  assign: Token[] | null;
  comment: Token[] | null;
}

/**
 * Groups tokens into lines. Heredoc bodies and multi-line block comments do
 * not end a line: their text holds the newlines, so a heredoc belongs to the
 * line that opens it (which is why its text is never re-indented).
 */
export function linesForFormat(tokens: Token[]): FormatLine[] {
  const lines: FormatLine[] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.type === 'EOF') break; // EOF belongs to no line
    current.push(token);
    if (endsLine(token)) {
      lines.push(splitCells(current));
      current = [];
    }
  }
  lines.push(splitCells(current));
  return lines;
}

function splitCells(tokens: Token[]): FormatLine {
  const line: FormatLine = { lead: tokens, assign: null, comment: null };
  if (tokens.length === 0) return line;
  const last = tokens[tokens.length - 1]!;
  if (tokens.length > 1 && last.type === 'Comment') {
    line.comment = [last];
    line.lead = tokens.slice(0, -1);
  }
  const eq = line.lead.findIndex((t, i) => i > 0 && t.type === 'Equal');
  // Only a value that closes on this line forms an "assign" cell; an `=`
  // followed by an opening bracket starts a multi-line expression instead.
  if (eq > 0 && net(line.lead.slice(eq)) === 0) {
    line.assign = line.lead.slice(eq);
    line.lead = line.lead.slice(0, eq);
  }
  return line;
}

/** Net bracket change over a run of tokens. */
export function net(tokens: Token[]): number {
  let n = 0;
  for (const t of tokens) n += bracketChange(t);
  return n;
}
