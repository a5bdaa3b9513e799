/**
 * Bodies, as hclsyntax's ParseBody: arguments (`name = expr`, ended by a
 * newline), blocks with their labels (`type "label" ident { … }`), and
 * single-line blocks (`name { arg = expr }`). Also finds arguments set twice.
 */
import type { Token } from '../hcl-lexer.js';
import type { Span } from '../../nesting-limit.js';
import { parseExpression } from './expressions.js';
import type { ParserState } from './parser-state.js';
import { reportEscapes } from './templates.js';

const UNCLOSED_BLOCK =
  'Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';

/** A body up to `end`; `open` is the brace of the block whose body this is. */
export function parseBody(p: ParserState, end: '}' | 'eof', open?: Token): void {
  /** Where each argument of this body was first set. */
  const names = new Map<string, Token>();
  for (;;) {
    const next = p.peek();
    if (next.type === end) return;
    if (next.type === 'newline') {
      p.read();
      continue;
    }
    if (next.type === 'ident') {
      if (parseBodyItem(p)) noteArgument(p, names, next);
      continue;
    }
    const bad = p.read();
    if (bad.type === 'oquote') p.fail(bad, 'Invalid argument name; Argument names must not be quoted.');
    else if (bad.type !== 'eof')
      p.fail(bad, 'Argument or block definition required; An argument or block definition is required here.');
    else if (open) p.fail(open, UNCLOSED_BLOCK);
    // Skip the rest of the body, leaving its closing brace for the block to read.
    if (p.recover(end).type === '}') p.unread();
    return;
  }
}

/** One argument or block; true when it was an argument (broken or not, HCL still records it). */
function parseBodyItem(p: ParserState): boolean {
  const ident = p.read();
  const next = p.peek();
  if (next.type === '=') {
    finishAttribute(p, false);
    return true;
  }
  if (next.type === 'oquote' || next.type === '{' || next.type === 'ident') {
    finishBlock(p);
    return false;
  }
  p.fail(
    ident,
    'Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
  );
  p.recoverAfterBodyItem();
  return false;
}

/** Records an argument's name, or reports it as set again, as HCL's ParseBody does. */
function noteArgument(p: ParserState, names: Map<string, Token>, ident: Token): void {
  const name = p.text.slice(ident.start, ident.end);
  const first = names.get(name);
  if (!first) {
    names.set(name, ident);
    return;
  }
  p.redefined.push({
    start: ident.start,
    end: ident.end,
    message: `Attribute redefined; The argument "${name}" was already set at ${p.where(first.start, first.end)}. Each argument may be set only once.`,
  });
}

/** `= expr` after an argument's name, and the newline that ends it (a single-line block's `}` ends it there). */
function finishAttribute(p: ParserState, singleLine: boolean): void {
  p.read(); // =
  const ok = parseExpression(p);
  if (!ok && p.recovery) {
    // Single-line or not, as in HCL: the rest of the line goes.
    p.recoverAfterBodyItem();
    return;
  }
  const end = p.peek();
  if (end.type === 'newline' || end.type === 'eof') {
    if (!singleLine) p.read();
    return;
  }
  if (singleLine) return;
  if (end.type === ',') {
    p.fail(
      end,
      'Unexpected comma after argument; Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.',
    );
  } else {
    p.fail(end, 'Missing newline after argument; An argument definition must end with a newline.');
  }
  p.recoverAfterBodyItem();
}

/** A block after its type name: labels, `{`, the body, `}`, and the newline that ends it. */
function finishBlock(p: ParserState): void {
  for (;;) {
    const token = p.peek();
    if (token.type === '{') break;
    if (token.type === 'ident') {
      p.read();
      continue;
    }
    if (token.type === 'oquote') {
      parseQuotedLabel(p);
      continue;
    }
    if (token.type === '=') {
      p.fail(
        token,
        'Invalid block definition; The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
      );
    } else if (token.type === 'newline') {
      p.fail(
        token,
        'Invalid block definition; A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
      );
    } else {
      p.fail(
        token,
        'Invalid block definition; Either a quoted string block label or an opening brace ("{") is expected here.',
      );
    }
    p.recoverAfterBodyItem();
    return;
  }
  const open = p.read();
  const first = p.peek().type;
  if (first === 'newline' || first === '}' || first === 'eof') {
    parseBody(p, '}', open);
    if (p.read().type !== '}') return;
  } else {
    finishSingleLineBody(p, open);
  }
  const after = p.peek();
  if (after.type !== 'newline' && after.type !== 'eof') {
    p.fail(after, 'Missing newline after block definition; A block definition must end with a newline.');
    p.recoverAfterBodyItem();
    return;
  }
  if (after.type === 'newline') p.read();
}

/**
 * `name { arg = value }`. What stands where the closing brace should be is
 * reported before the body's own faults, as HCL does; a comma or a line
 * break even after other errors.
 */
function finishSingleLineBody(p: ParserState, open: Token): void {
  const mark = p.faults.length;
  parseSingleAttributeBody(p);
  const close = p.peek();
  if (close.type === '}') {
    p.read();
    return;
  }
  const single = 'Invalid single-argument block definition; ';
  let message: string | undefined;
  let at: Span = close;
  if (close.type === ',') {
    message = `${single}Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.`;
  } else if (close.type === 'newline') {
    message = `${single}An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.`;
  } else if (!p.recovery && close.type === 'eof') {
    message = UNCLOSED_BLOCK;
    at = open;
  } else if (!p.recovery) {
    message = `${single}A single-line block definition must end with a closing brace immediately after its single argument definition.`;
  }
  if (message) p.faults.splice(mark, 0, { start: at.start, end: at.end, message });
  p.recover('}');
}

/** The one argument of a single-line block. */
function parseSingleAttributeBody(p: ParserState): void {
  const ident = p.read();
  if (ident.type !== 'ident') {
    p.fail(ident, 'Argument or block definition required; An argument or block definition is required here.');
    p.recoverAfterBodyItem();
    return;
  }
  const next = p.peek();
  if (next.type === '=') {
    finishAttribute(p, true);
    return;
  }
  const name = p.text.slice(ident.start, ident.end);
  if (next.type === 'oquote' || next.type === '{' || next.type === 'ident') {
    p.fail(
      { start: ident.start, end: next.end },
      `Argument definition required; A single-line block definition can contain only a single argument. If you meant to define argument "${name}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
    );
  } else {
    p.fail(
      ident,
      'Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
    );
  }
  p.recoverAfterBodyItem();
}

/**
 * A block label: a string without template sequences. Its faults are
 * reported whatever happened before (HCL does not hold them back).
 */
function parseQuotedLabel(p: ParserState): void {
  p.read(); // "
  const invalid = (token: Token, detail: string): void => {
    p.report(token, `Invalid string literal; ${detail}`);
    p.recovery = true;
  };
  for (;;) {
    const token = p.readRaw();
    if (token.type === 'cquote') return;
    if (token.type === 'eof') {
      p.report(token, 'Unterminated string literal; Unable to find the closing quote mark before the end of the file.');
      return;
    }
    if (token.type === 'lit') {
      reportEscapes(p, token);
    } else if (token.type === 'interp' || token.type === 'control') {
      const which = token.type === 'interp' ? '$' : '%';
      invalid(
        token,
        `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
      );
      p.recover('tmplEnd');
    } else {
      invalid(token, 'This item is not valid in a string literal.');
      p.recover('cquote');
      return;
    }
  }
}
