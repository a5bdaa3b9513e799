/**
 * What nests in HCL's token stream: brackets, quoted strings, heredocs and
 * template sequences, each opener with the token that closes it. The one
 * table the nesting bound, recovery and body-item skipping all read.
 */
import type { Token, TokenType } from '../hcl-lexer.js';

const CLOSER_OF: ReadonlyMap<TokenType, TokenType> = new Map<TokenType, TokenType>([
  ['{', '}'],
  ['[', ']'],
  ['(', ')'],
  ['oquote', 'cquote'],
  ['oheredoc', 'cheredoc'],
  ['interp', 'tmplEnd'],
  ['control', 'tmplEnd'],
]);

/**
 * A character every opener of {@link CLOSER_OF} holds: `{`, `[`, `(`, the
 * quote, `<<` of a heredoc, `${`/`%{` (their brace). A text with few of them
 * in all cannot nest deep (nesting-limit.ts `mayNestTooDeep`).
 */
export const OPENING_CHARACTERS: readonly string[] = ['{', '[', '(', '"', '<'];

/** The openers each closer closes (`}` of a template sequence closes `${` and `%{` alike). */
const OPENERS_OF: ReadonlyMap<TokenType, readonly TokenType[]> = (() => {
  const openers = new Map<TokenType, TokenType[]>();
  for (const [open, close] of CLOSER_OF) openers.set(close, [...(openers.get(close) ?? []), open]);
  return openers;
})();

/** The token that closes what `type` opens; undefined when it opens nothing. */
export function closerOf(type: TokenType): TokenType | undefined {
  return CLOSER_OF.get(type);
}

/** The openers a closer closes; undefined when `type` closes nothing. */
export function openersClosedBy(type: TokenType): readonly TokenType[] | undefined {
  return OPENERS_OF.get(type);
}

/** +1 for a token that opens a level, -1 for one that closes a level, 0 otherwise. */
export function nestingDelta(token: Token): number {
  return CLOSER_OF.has(token.type) ? 1 : OPENERS_OF.has(token.type) ? -1 : 0;
}
