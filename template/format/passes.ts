/**
 * The three hclwrite formatting passes over format lines: indentation,
 * spacing within cells, and vertical alignment of `=` and trailing comments.
 * Each pass only sets `spacesBefore` on tokens.
 */
import { columns } from './columns.js';
import type { FormatLine } from './lines.js';
import { spaceAfterToken } from './spacing.js';
import { bracketChange, type Token } from './tokens.js';

const NIL: Token = { type: 'Nil', text: '', start: 0, end: 0, spacesBefore: 0 };

/**
 * Indents each line by two spaces per open bracket level. Brackets are
 * counted per line; a stack of "openers per indented line" lets lines that
 * close several brackets at once (`})`) dedent the right number of levels,
 * and keeps asymmetric input from drifting.
 */
export function formatIndent(lines: FormatLine[]): void {
  const indents: number[] = [];
  for (const line of lines) {
    const first = line.lead[0];
    if (!first) continue;
    if (first.type === 'Newline') {
      first.spacesBefore = 0; // never spaces before a newline
      continue;
    }
    const netBrackets = leadBrackets(line.lead) + bracketsOf(line.assign);
    if (netBrackets > 0) {
      first.spacesBefore = 2 * indents.length;
      indents.push(netBrackets);
      continue;
    }
    let closed = -netBrackets;
    while (closed > 0 && indents.length > 0) {
      const top = indents[indents.length - 1]!;
      if (closed < top) {
        indents[indents.length - 1] = top - closed;
        closed = 0;
      } else {
        indents.pop();
        closed -= top;
      }
    }
    first.spacesBefore = 2 * indents.length;
  }
}

/** Brackets of the lead cell, not counting anything inside a heredoc. */
function leadBrackets(lead: Token[]): number {
  let n = 0;
  for (const t of lead) {
    n += bracketChange(t);
    if (t.type === 'OHeredoc') break;
  }
  return n;
}

function bracketsOf(tokens: Token[] | null): number {
  let n = 0;
  for (const t of tokens ?? []) n += bracketChange(t);
  return n;
}

/** Sets the space between neighbouring tokens inside the lead and assign cells. */
export function formatSpaces(lines: FormatLine[]): void {
  for (const line of lines) {
    spaceCell(line.lead);
    if (line.assign) {
      // The `=` is always set apart from what it assigns to (alignment may widen it later).
      line.assign[0]!.spacesBefore = 1;
      spaceCell(line.assign);
    }
  }
}

function spaceCell(cell: Token[]): void {
  for (let i = 0; i + 1 < cell.length; i++) {
    const before = i > 0 ? cell[i - 1]! : NIL;
    cell[i + 1]!.spacesBefore = spaceAfterToken(cell[i]!, before, cell[i + 1]!) ? 1 : 0;
  }
}

/**
 * Aligns the `=` of consecutive attribute lines, then the trailing comments
 * of consecutive commented lines. Any line without the cell (a blank line,
 * a block header, a comment-only line) ends the group.
 */
export function formatCells(lines: FormatLine[]): void {
  alignChains(
    lines,
    (l) => l.assign,
    (l) => columns(l.lead),
  );
  alignChains(
    lines,
    (l) => l.comment,
    (l) => columns(l.lead) + columns(l.assign),
  );
}

function alignChains(
  lines: FormatLine[],
  cellOf: (line: FormatLine) => Token[] | null,
  widthBefore: (line: FormatLine) => number,
): void {
  let chain: FormatLine[] = [];
  const close = (): void => {
    const max = chain.reduce((m, l) => Math.max(m, widthBefore(l)), 0);
    for (const l of chain) cellOf(l)![0]!.spacesBefore = max - widthBefore(l) + 1;
    chain = [];
  };
  for (const line of lines) {
    if (cellOf(line)) chain.push(line);
    else close();
  }
  close();
}
