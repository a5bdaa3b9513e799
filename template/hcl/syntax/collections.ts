/**
 * Collection constructors, as hclsyntax's parseTupleCons, parseObjectCons
 * and finishParsingForExpr: `[a, b]`, `{ k = v, … }` (newlines count
 * between items, not inside them) and the `for` expressions that build
 * either.
 */
import type { Token } from '../hcl-lexer.js';
import type { Span } from '../../nesting-limit.js';
import { parseExpression } from './expressions.js';
import type { ParserState } from './parser-state.js';

/** `[ a, b ]` or `[ for … ]`. */
export function parseTuple(p: ParserState): boolean {
  const open = p.read(); // [
  return p.withNewlines(false, () => {
    if (p.isKeyword(p.peek(), 'for')) return parseFor(p, ']');
    for (;;) {
      if (p.peek().type === ']') {
        p.read();
        return true;
      }
      if (!parseExpression(p)) {
        p.recover(']');
        return false;
      }
      const next = p.peek();
      if (next.type === ']') {
        p.read();
        return true;
      }
      if (next.type !== ',') {
        if (next.type === 'eof') {
          p.fail(
            open,
            'Unterminated tuple constructor expression; There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
          );
        } else {
          p.fail(next, 'Missing item separator; Expected a comma to mark the beginning of the next item.');
        }
        p.recover(']');
        return false;
      }
      p.read();
    }
  });
}

/** `{ k = v … }` or `{ for … }`. */
export function parseObject(p: ParserState): boolean {
  const open = p.read(); // {
  return p.withNewlines(true, () => {
    if (p.isKeyword(p.peekSkippingNewlines(), 'for')) return p.withNewlines(false, () => parseFor(p, '}'));
    for (;;) {
      const next = p.peek();
      if (next.type === 'newline') {
        p.read();
        continue;
      }
      if (next.type === '}') {
        p.read();
        return true;
      }
      if (!parseObjectItem(p, open)) return false;
    }
  });
}

/** Key and value are parsed with newlines significant, as in HCL: a value cannot wrap to the next line. */
function parseObjectItem(p: ParserState, open: Token): boolean {
  const unterminated =
    'Unterminated object constructor expression; There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
  if (!parseExpression(p)) {
    p.recover('}');
    return false;
  }
  const sep = p.peek();
  if (sep.type !== '=' && sep.type !== ':') {
    if (sep.type === 'newline' || sep.type === ',') {
      p.fail(sep, 'Missing attribute value; Expected an attribute value, introduced by an equals sign ("=").');
    } else if (sep.type === 'eof') {
      p.fail(open, unterminated);
    } else if (sep.type === 'ident') {
      p.fail(
        sep,
        'Missing key/value separator; Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
      );
    } else {
      p.fail(
        sep,
        'Missing key/value separator; Expected an equals sign ("=") to mark the beginning of the attribute value.',
      );
    }
    p.recover('}');
    return false;
  }
  p.read();
  if (!parseExpression(p)) {
    p.recover('}');
    return false;
  }
  const next = p.peek();
  if (next.type === '}') return true;
  if (next.type !== ',' && next.type !== 'newline') {
    if (next.type === 'eof') p.fail(open, unterminated);
    else
      p.fail(
        next,
        'Missing attribute separator; Expected a newline or comma to mark the beginning of the next attribute.',
      );
    p.recover('}');
    return false;
  }
  p.read();
  return true;
}

/** `for K, V in C : [KEY =>] VALUE [...] [if COND]` up to `close`, its `for` next. */
function parseFor(p: ParserState, close: ']' | '}'): boolean {
  p.read(); // for
  const bad = (token: Token, detail: string): boolean => {
    p.fail(token, `Invalid 'for' expression; ${detail}`);
    if (token.type !== 'eof') p.recover(close);
    return false;
  };
  if (p.peek().type !== 'ident') return bad(p.peek(), "For expression requires variable name after 'for'.");
  p.read();
  if (p.peek().type === ',') {
    p.read();
    if (p.peek().type !== 'ident') return bad(p.peek(), 'For expression requires value variable name after comma.');
    p.read();
  }
  if (!p.isKeyword(p.peek(), 'in'))
    return bad(p.peek(), "For expression requires the 'in' keyword after its name declarations.");
  p.read();
  if (!parseExpression(p)) return recoverFor(p, close);
  if (p.peek().type !== ':') return bad(p.peek(), 'For expression requires a colon after the collection expression.');
  p.read();
  // As in HCL: one expression, then `=>` makes it the key of a second one.
  const first = p.peek();
  if (!parseExpression(p)) return recoverFor(p, close);
  let key: Span | undefined;
  let valueStart = first;
  if (p.peek().type === '=>') {
    key = { start: first.start, end: p.lastRead().end };
    p.read();
    valueStart = p.peek();
    if (!parseExpression(p)) return recoverFor(p, close);
  }
  const value = { start: valueStart.start, end: p.lastRead().end };
  const ellipsis = p.peek().type === '...' ? p.read() : undefined;
  if (p.isKeyword(p.peek(), 'if')) {
    p.read();
    if (!parseExpression(p)) return recoverFor(p, close);
  }
  const ok =
    p.peek().type === close
      ? p.read() !== undefined
      : bad(p.peek(), "Extra characters after the end of the 'for' expression.");
  reportForShape(p, close, value, key, ellipsis);
  return ok;
}

/**
 * What a `for` builds decides its shape: an object needs a key, a tuple
 * takes neither a key nor grouping. Reported even in recovery, and without
 * entering it, as HCL does.
 */
function reportForShape(p: ParserState, close: ']' | '}', value: Span, key?: Span, ellipsis?: Token): void {
  if (close === '}' && !key)
    p.report(value, "Invalid 'for' expression; Key expression is required when building an object.");
  if (close === ']' && key)
    p.report(key, "Invalid 'for' expression; Key expression is not valid when building a tuple.");
  if (close === ']' && ellipsis)
    p.report(ellipsis, "Invalid 'for' expression; Grouping ellipsis (...) cannot be used when building a tuple.");
}

function recoverFor(p: ParserState, close: ']' | '}'): false {
  p.recover(close);
  return false;
}
