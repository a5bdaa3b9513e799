/**
 * The spacing rule between two neighbouring tokens on one line: hclwrite's
 * spaceAfterToken, in the revision Packer 1.6.6 ships. That revision has no
 * special case for `!` (so `!a` becomes `! a`) and none for colons (so
 * `[for x in xs: x]` becomes `[for x in xs : x]`); both were checked
 * against `packer fmt` itself.
 */
import { bracketChange, type Token, type TokenType } from './tokens.js';

/** Tokens after which a `-` must be a negation rather than a subtraction. */
const NEGATION_CONTEXT: ReadonlySet<TokenType> = new Set<TokenType>([
  'Nil',
  'OParen',
  'OBrace',
  'OBrack',
  'Equal',
  'Colon',
  'Comma',
  'Question',
  'Plus',
  'Star',
  'Slash',
  'Percent',
  'Minus',
  'EqualOp',
  'NotEqual',
  'GreaterThan',
  'GreaterThanEq',
  'LessThan',
  'LessThanEq',
  'And',
  'Or',
  'Bang',
]);

/** Tokens that are template text (never spaced apart from their neighbours). */
function isTemplateEdge(subject: Token, after: Token): boolean {
  return (
    subject.type === 'QuotedLit' ||
    subject.type === 'StringLit' ||
    subject.type === 'OQuote' ||
    subject.type === 'OHeredoc' ||
    after.type === 'QuotedLit' ||
    after.type === 'StringLit' ||
    after.type === 'CQuote' ||
    after.type === 'CHeredoc'
  );
}

/**
 * Whether `subject` is followed by one space (true) or none (false), given
 * the token `before` it (`Nil` at the start of a cell) and the token after.
 * The order of the checks matters: the first that applies decides.
 */
export function spaceAfterToken(subject: Token, before: Token, after: Token): boolean {
  if (after.type === 'Newline' || after.type === 'Nil') return false;
  if (subject.type === 'Ident' && after.type === 'OParen') return false; // f(x)
  if (subject.type === 'Dot' || after.type === 'Dot') return false; // a.b
  if (after.type === 'Comma' || after.type === 'Ellipsis') return false; // f(a, xs...)
  if (subject.type === 'Comma') return true;
  if (isTemplateEdge(subject, after)) return false; // template text is kept as written
  // `for x in [a]`: `in` is a keyword here, not a value being indexed.
  if (subject.type === 'Ident' && subject.text === 'in' && before.type === 'Ident') return true;
  if (
    after.type === 'OBrack' &&
    (subject.type === 'Ident' || subject.type === 'NumberLit' || bracketChange(subject) < 0)
  ) {
    return false; // a[0], f(x)[0]
  }
  if (subject.type === 'Minus') return !NEGATION_CONTEXT.has(before.type);
  if (subject.type === 'OBrace' || after.type === 'CBrace') {
    // Braces are spaced inside (`{ a = 1 }`) except when empty (`{}`).
    return !(subject.type === 'OBrace' && after.type === 'CBrace');
  }
  // `${ {a = 1} }`: an object right inside a sequence is set apart.
  if ((subject.type === 'TemplateInterp' || subject.type === 'TemplateControl') && after.type === 'OBrace') return true;
  if (subject.type === 'CBrace' && after.type === 'TemplateSeqEnd') return true;
  // `${a}${b}`: adjacent sequences stay adjacent.
  if (subject.type === 'TemplateSeqEnd' && (after.type === 'TemplateInterp' || after.type === 'TemplateControl'))
    return false;
  if (bracketChange(subject) > 0) return false; // no space after an opener
  if (bracketChange(after) < 0) return false; // nor before a closer
  return true;
}
