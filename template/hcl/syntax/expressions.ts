/**
 * Expressions, as hclsyntax's ParseExpression: the conditional, binary
 * operators by precedence level, unary operators, and the terms — literals,
 * names, parentheses and function calls (namespaced ones too). Collections
 * are in collections.ts, templates in templates.ts, and what follows a term
 * (`.name`, `[i]`, splats) in traversals.ts.
 */
import type { Token, TokenType } from '../hcl-lexer.js';
import { isValidNumber } from '../scanner-rules.js';
import { parseObject, parseTuple } from './collections.js';
import type { ParserState } from './parser-state.js';
import { parseTemplate } from './templates.js';
import { parseTraversals } from './traversals.js';

/** Binary operators, loosest first. */
const BINARY_LEVELS: TokenType[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Parses one expression; false when it had an error. */
export function parseExpression(p: ParserState): boolean {
  if (!parseBinary(p, 0)) return false;
  if (p.peek().type !== '?') return true;
  p.read();
  if (!parseExpression(p)) return false;
  const colon = p.peek();
  if (colon.type !== ':') {
    return p.fail(
      colon,
      'Missing false expression in conditional; The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
    );
  }
  p.read();
  return parseExpression(p);
}

/** Operators of `level` and the levels that bind tighter, left to right. */
function parseBinary(p: ParserState, level: number): boolean {
  if (level >= BINARY_LEVELS.length) return parseUnary(p);
  if (!parseBinary(p, level + 1)) return false;
  while (BINARY_LEVELS[level]!.includes(p.peek().type)) {
    p.read();
    if (!parseBinary(p, level + 1)) return false;
  }
  return true;
}

/** `-`/`!` prefixes, then a term and its traversals. */
function parseUnary(p: ParserState): boolean {
  const next = p.peek();
  if (next.type === '-' || next.type === '!') {
    p.read();
    return parseUnary(p);
  }
  // As in HCL, a broken term is still followed by its traversals.
  const term = parseTerm(p);
  return parseTraversals(p) && term;
}

/** A literal, name, function call, template, parenthesized expression or collection. */
function parseTerm(p: ParserState): boolean {
  const start = p.peek();
  switch (start.type) {
    case '(':
      return parseParens(p);
    case 'number':
      p.read();
      checkNumber(p, start);
      return true;
    case 'ident':
      p.read();
      if (isScopeResolution(p)) return parseNamespacedCall(p, start);
      return p.peek().type === '(' ? parseCallArguments(p, start) : true;
    case 'oquote':
    case 'oheredoc':
      return parseTemplate(p);
    case '[':
      return parseTuple(p);
    case '{':
      return parseObject(p);
    case 'eof':
      return p.fail(start, 'Missing expression; Expected the start of an expression, but found the end of the file.');
    default:
      return p.fail(
        start,
        'Invalid expression; Expected the start of an expression, but found an invalid expression token.',
      );
  }
}

/** `::` after the identifier just read: a namespaced function name follows. */
function isScopeResolution(p: ParserState): boolean {
  return p.peek().type === '::';
}

/** `provider::aws::arn_parse(…)`: a namespaced function call, as newer HCL allows. */
function parseNamespacedCall(p: ParserState, start: Token): boolean {
  while (isScopeResolution(p)) {
    p.read();
    const name = p.peek();
    if (name.type !== 'ident') {
      return p.fail(
        name,
        'Missing function name; Function scope resolution symbol :: must be followed by a function name in this scope.',
      );
    }
    p.read();
  }
  const open = p.peek();
  if (open.type !== '(') {
    return p.fail(
      open,
      'Missing open parenthesis; Function selector must be followed by an open parenthesis to begin the function call.',
    );
  }
  return parseCallArguments(p, start);
}

/** `( expr )`. */
function parseParens(p: ParserState): boolean {
  p.read();
  return p.withNewlines(false, () => {
    // Any error inside sends HCL to the closing parenthesis, even one that does not stop the parse.
    const before = p.faults.length;
    if (!parseExpression(p) || p.faults.length > before) {
      p.recover(')');
      return false;
    }
    const close = p.read();
    if (close.type === ')') return true;
    p.report(close, 'Unbalanced parentheses; Expected a closing parenthesis to terminate the expression.');
    p.recovery = true;
    return false;
  });
}

const UNTERMINATED_CALL =
  'Unterminated function call; There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.';

/** The `( … )` of a call to `name`: arguments separated by commas, the last one optionally expanded (`...`). */
function parseCallArguments(p: ParserState, name: Token): boolean {
  const open = p.read(); // (
  return p.withNewlines(false, () => {
    for (;;) {
      if (p.peek().type === ')') {
        p.read();
        return true;
      }
      if (!parseExpression(p)) {
        p.recover(')');
        return false;
      }
      const sep = p.read();
      if (sep.type === ')') return true;
      if (sep.type === '...') {
        const close = p.peek();
        if (close.type !== ')') {
          p.fail(
            sep,
            'Missing closing parenthesis; An expanded function argument (with ...) must be immediately followed by closing parentheses.',
          );
          p.recover(')');
          return false;
        }
        p.read();
        return true;
      }
      if (sep.type !== ',') {
        // Reported even after other errors, as HCL does.
        if (sep.type === 'eof') p.report({ start: name.start, end: open.end }, UNTERMINATED_CALL);
        else
          p.report(
            sep,
            'Missing argument separator; A comma is required to separate each function argument from the next.',
          );
        p.recover(')');
        return false;
      }
      if (p.peek().type === ')') {
        p.read();
        return true;
      }
    }
  });
}

/** `1.5.2` or `1e5e6` scan as one number that has no value: reported always, and the parse goes on. */
export function checkNumber(p: ParserState, token: Token): void {
  if (isValidNumber(p.text.slice(token.start, token.end))) return;
  p.report(token, 'Invalid number literal; Failed to recognize the value of this number literal.');
}
