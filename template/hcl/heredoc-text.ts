/**
 * Which characters of a heredoc's literal text survive strip markers (`~`)
 * and, for flush heredocs (`<<-EOF`), indentation removal — reproducing how
 * HashiCorp's HCL does it, quirks included.
 *
 * HCL scans a heredoc into one literal token per line (each ending with its
 * newline), cut further by `${…}` and `%{…}` tags. A strip marker trims the
 * whitespace of the single neighbouring token only, so it never reaches past
 * one line. Indentation is measured after stripping: a token that starts a
 * line (the first, or one following a token that still ends with a newline)
 * counts with its leading whitespace; a whitespace-only token ending with a
 * newline (a blank line) does not count and is left alone; a line starting
 * with a tag counts as unindented. The smallest count is then removed from
 * every counted token.
 */

/** A `${…}` or directive tag in the heredoc, with its strip markers. */
export interface HeredocTag {
  start: number;
  end: number;
  /** `~` right after the opening `${`/`%{`: trims the token before. */
  stripBefore: boolean;
  /** `~` right before the closing `}`: trims the token after. */
  stripAfter: boolean;
}

/** A per-character mask over the file text: true where a literal character is kept. */
export type KeptCharacters = (offset: number) => boolean;

interface Token {
  start: number;
  end: number;
  literal: boolean;
  /** For literals: offsets of characters removed so far. */
  dropped: Set<number>;
}

/**
 * The kept-character mask of the heredoc content between two file offsets.
 * `tags` must be in source order and inside the content.
 */
export function heredocKeptCharacters(
  text: string,
  start: number,
  end: number,
  tags: HeredocTag[],
  flush: boolean,
): KeptCharacters {
  const tokens = tokenize(text, start, end, tags);
  applyStripMarkers(text, tokens, tags);
  if (flush) removeIndentation(text, tokens);
  const dropped = new Set<number>();
  for (const token of tokens) for (const offset of token.dropped) dropped.add(offset);
  return (offset) => !dropped.has(offset);
}

/** Splits the content into line tokens and tag tokens, in order. */
function tokenize(text: string, start: number, end: number, tags: HeredocTag[]): Token[] {
  const tokens: Token[] = [];
  const pushLiteral = (from: number, to: number): void => {
    let lineStart = from;
    while (lineStart < to) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 || newline >= to ? to : newline + 1;
      tokens.push({ start: lineStart, end: lineEnd, literal: true, dropped: new Set() });
      lineStart = lineEnd;
    }
  };
  let cursor = start;
  for (const tag of tags) {
    if (tag.start < cursor) continue; // nested inside an earlier tag
    pushLiteral(cursor, tag.start);
    tokens.push({ start: tag.start, end: tag.end, literal: false, dropped: new Set() });
    cursor = tag.end;
  }
  pushLiteral(cursor, end);
  return tokens;
}

function applyStripMarkers(text: string, tokens: Token[], tags: HeredocTag[]): void {
  const tagAt = new Map(tags.map((tag) => [tag.start, tag]));
  tokens.forEach((token, index) => {
    const tag = token.literal ? undefined : tagAt.get(token.start);
    if (!tag) return;
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (tag.stripBefore && before?.literal) {
      for (let i = before.end - 1; i >= before.start && isSpace(text[i]!); i--) before.dropped.add(i);
    }
    if (tag.stripAfter && after?.literal) {
      for (let i = after.start; i < after.end && isSpace(text[i]!); i++) after.dropped.add(i);
    }
  });
}

function removeIndentation(text: string, tokens: Token[]): void {
  let smallest = Number.MAX_SAFE_INTEGER;
  const counted: Token[] = [];
  let atLineStart = true;
  for (const token of tokens) {
    const kept = keptText(text, token);
    if (atLineStart) {
      atLineStart = false;
      if (!token.literal) {
        smallest = 0;
      } else if (kept.trimStart() === '' && kept.endsWith('\n')) {
        // a blank line: neither counted nor changed
      } else {
        smallest = Math.min(smallest, kept.length - kept.trimStart().length);
        counted.push(token);
      }
    }
    if (token.literal && kept.endsWith('\n')) atLineStart = true;
  }
  if (smallest === Number.MAX_SAFE_INTEGER || smallest === 0) return;
  for (const token of counted) {
    let remaining = smallest;
    for (let i = token.start; i < token.end && remaining > 0; i++) {
      if (token.dropped.has(i)) continue;
      token.dropped.add(i);
      remaining--;
    }
  }
}

function keptText(text: string, token: Token): string {
  let out = '';
  for (let i = token.start; i < token.end; i++) if (!token.dropped.has(i)) out += text[i];
  return out;
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}
