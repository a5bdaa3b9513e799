/**
 * Token kinds of HCL native syntax, named after hclsyntax's TokenType so the
 * formatter rules read like the hclwrite rules they reproduce.
 */
export type TokenType =
  | 'OBrace'
  | 'CBrace'
  | 'OBrack'
  | 'CBrack'
  | 'OParen'
  | 'CParen'
  | 'OQuote'
  | 'CQuote'
  | 'OHeredoc'
  | 'CHeredoc'
  | 'Star'
  | 'Slash'
  | 'Plus'
  | 'Minus'
  | 'Percent'
  | 'Equal'
  | 'EqualOp'
  | 'NotEqual'
  | 'LessThan'
  | 'LessThanEq'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'And'
  | 'Or'
  | 'Bang'
  | 'Dot'
  | 'Comma'
  | 'Ellipsis'
  | 'FatArrow'
  | 'Question'
  | 'Colon'
  | 'TemplateInterp'
  | 'TemplateControl'
  | 'TemplateSeqEnd'
  | 'QuotedLit'
  | 'StringLit'
  | 'NumberLit'
  | 'Ident'
  | 'Comment'
  | 'Newline'
  | 'EOF'
  // Characters the scanner recognises but the grammar never accepts.
  | 'BitwiseAnd'
  | 'BitwiseOr'
  | 'BitwiseNot'
  | 'BitwiseXor'
  | 'Semicolon'
  | 'Apostrophe'
  | 'Backtick'
  | 'QuotedNewline'
  | 'Invalid'
  // Placeholder for "no token" at the edges of a line.
  | 'Nil';

/**
 * One token as hclwrite sees it: its exact source text plus the number of
 * space characters written before it. Formatting only ever changes
 * `spacesBefore`; the text is never touched, which is what makes the
 * formatter safe.
 */
export interface Token {
  type: TokenType;
  /** Exact source text (comments include their newline, as in hclsyntax). */
  text: string;
  /** UTF-16 offset of `text` in the source (after a stripped BOM). */
  start: number;
  end: number;
  /** Spaces written before the token; the only thing the formatter changes. */
  spacesBefore: number;
}

/** Single-character tokens of the main scanner mode. */
export const SELF_TOKENS: Readonly<Record<string, TokenType>> = {
  '[': 'OBrack',
  ']': 'CBrack',
  '(': 'OParen',
  ')': 'CParen',
  '.': 'Dot',
  ',': 'Comma',
  '*': 'Star',
  '/': 'Slash',
  '%': 'Percent',
  '+': 'Plus',
  '-': 'Minus',
  '=': 'Equal',
  '<': 'LessThan',
  '>': 'GreaterThan',
  '!': 'Bang',
  '?': 'Question',
  ':': 'Colon',
  '&': 'BitwiseAnd',
  '|': 'BitwiseOr',
  '~': 'BitwiseNot',
  '^': 'BitwiseXor',
  ';': 'Semicolon',
  '`': 'Backtick',
  "'": 'Apostrophe',
};

/** Two- and three-character operators, longest first (longest match wins). */
export const MULTI_CHAR_TOKENS: ReadonlyArray<readonly [string, TokenType]> = [
  ['...', 'Ellipsis'],
  ['==', 'EqualOp'],
  ['!=', 'NotEqual'],
  ['>=', 'GreaterThanEq'],
  ['<=', 'LessThanEq'],
  ['&&', 'And'],
  ['||', 'Or'],
  ['=>', 'FatArrow'],
];

/** How a token changes the bracket depth: +1 opens, -1 closes (hclwrite's tokenBracketChange). */
export function bracketChange(token: Token): number {
  switch (token.type) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateControl':
    case 'TemplateInterp':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}

/** True for tokens that end a source line: newlines and `#`/`//` comments (which own their newline). */
export function endsLine(token: Token): boolean {
  if (token.type === 'Newline') return true;
  return token.type === 'Comment' && token.text.endsWith('\n');
}
