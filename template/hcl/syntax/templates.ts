/**
 * Templates, as hclsyntax's parseTemplateParts and templateParser: quoted
 * strings and heredocs, their `${ }` interpolations and `%{ }` directives
 * (`if`/`else`/`endif`, `for`/`endfor`, which must balance), and the
 * escapes of quoted literals.
 */
import type { Token } from '../hcl-lexer.js';
import { decodeQuotedLiteral } from '../string-escapes.js';
import { didYouMean, suggest } from '../../suggest.js';
import { closerOf } from './brackets.js';
import { parseExpression } from './expressions.js';
import type { ParserState } from './parser-state.js';

const DIRECTIVES = ['if', 'else', 'endif', 'for', 'endfor'];

/** A quoted string or a heredoc, from its opening token to its closing one. */
export function parseTemplate(p: ParserState): boolean {
  const open = p.read();
  const quoted = open.type === 'oquote';
  const closer = closerOf(open.type);
  // HCL names an unclosed interpolation by the template's first token.
  const first = p.peekRaw();
  const directives: Token[] = [];
  for (;;) {
    const token = p.readRaw();
    if (token.type === closer) return checkDirectivesClosed(p, directives, token);
    if (token.type === 'eof' || token.type === 'quotedNewline' || token.type === 'invalid') {
      return p.fail(token, 'Unterminated template string; No closing marker was found for the string.');
    }
    if (token.type === 'lit' && quoted) reportEscapes(p, token);
    if (token.type === 'interp' && !parseInterpolation(p, first, quoted)) return false;
    if (token.type === 'control' && !parseDirective(p, token, directives)) return false;
  }
}

/** `${ expr }`, its `${` just read; `start` is the template's first token, where HCL reports it unclosed. */
function parseInterpolation(p: ParserState, start: Token, quoted: boolean): boolean {
  return p.withNewlines(false, () => {
    if (!parseExpression(p)) {
      p.recover('tmplEnd');
      return false;
    }
    const end = p.peek();
    if (end.type === 'tmplEnd') {
      p.read();
      return true;
    }
    failInterpolationEnd(p, start, end, quoted);
    p.recover('tmplEnd');
    return false;
  });
}

/** HCL's explanations for what follows an interpolation's expression instead of `}`. */
function failInterpolationEnd(p: ParserState, start: Token, end: Token, quoted: boolean): void {
  const unclosed =
    'Unclosed template interpolation sequence; There is no closing brace for this interpolation sequence before the end of the';
  const escapeHint =
    'If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".';
  if (end.type === 'eof') {
    p.fail(start, `${unclosed} file. This might be caused by incorrect nesting inside the given expression.`);
  } else if (end.type === ':') {
    p.fail(
      end,
      'Extra characters after interpolation expression; Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
    );
  } else if (quoted && (end.type === 'oquote' || end.type === 'cquote')) {
    p.fail(
      start,
      `${unclosed} quoted template. This might be caused by incorrect nesting inside the given expression.`,
    );
  } else {
    p.fail(
      end,
      `Extra characters after interpolation expression; Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. ${escapeHint}`,
    );
  }
}

/** `%{ keyword … }`, its `%{` (`start`) just read; `open` is the template's stack of open `if`/`for`. */
function parseDirective(p: ParserState, start: Token, open: Token[]): boolean {
  return p.withNewlines(false, () => {
    const keyword = p.read();
    const word = keyword.type === 'ident' ? p.text.slice(keyword.start, keyword.end) : '';
    if (keyword.type !== 'ident') {
      return p.fail(
        keyword,
        'Invalid template directive; A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
      );
    }
    if (!DIRECTIVES.includes(word)) {
      return p.fail(
        keyword,
        `Invalid template control keyword; "${word}" is not a valid template control keyword.${didYouMean(suggest(word, DIRECTIVES))}`,
      );
    }
    const introOk = word === 'for' ? parseDirectiveForIntro(p) : word === 'if' ? parseExpression(p) : true;
    if (!introOk) {
      // The template goes on after the broken sequence, as in HCL.
      p.recover('tmplEnd');
      return true;
    }
    const end = p.peek();
    if (end.type !== 'tmplEnd') {
      p.fail(
        end,
        `Extra characters in ${word} marker; Expected a closing brace to end the sequence, but found extra characters.`,
      );
      p.recover('tmplEnd');
      return false;
    }
    p.read();
    balanceDirective(p, word, { start: start.start, end: end.end, type: 'control' }, open);
    return true;
  });
}

/**
 * Keeps the stack of open `if`/`for` directives. A closing one that does
 * not match is reported even after other errors, as HCL does.
 */
function balanceDirective(p: ParserState, word: string, sequence: Token, open: Token[]): void {
  if (word === 'if' || word === 'for') {
    open.push(sequence);
    return;
  }
  const opener = word === 'endfor' ? 'for' : 'if';
  const top = open[open.length - 1];
  const topWord = top ? directiveWord(p, top) : undefined;
  if (topWord !== opener) {
    const detail = top
      ? `Expecting an end${topWord} directive for the ${topWord} started at ${p.where(top.start, top.end)}.`
      : 'The control directives within this template are unbalanced.';
    p.report(sequence, `Unexpected ${word} directive; ${detail}`);
    p.recovery = true;
    return;
  }
  if (word !== 'else') open.pop();
}

/** `if`/`for` of an opening directive sequence. */
function directiveWord(p: ParserState, sequence: Token): string {
  const match = /^%\{~?\s*(\w+)/.exec(p.text.slice(sequence.start, sequence.end));
  return match ? match[1]! : '';
}

/** `for K, V in EXPR` of a `%{ for }` directive. */
function parseDirectiveForIntro(p: ParserState): boolean {
  if (p.peek().type !== 'ident')
    return p.fail(p.peek(), "Invalid 'for' directive; For directive requires variable name after 'for'.");
  p.read();
  if (p.peek().type === ',') {
    p.read();
    if (p.peek().type !== 'ident')
      return p.fail(p.peek(), "Invalid 'for' directive; For directive requires value variable name after comma.");
    p.read();
  }
  if (!p.isKeyword(p.peek(), 'in'))
    return p.fail(p.peek(), "Invalid 'for' directive; For directive requires 'in' keyword after names.");
  p.read();
  return parseExpression(p);
}

/** At the template's end: an `if` or `for` still open is reported at the closing quote or marker. */
function checkDirectivesClosed(p: ParserState, open: Token[], closer: Token): boolean {
  const unclosed = open[open.length - 1];
  if (!unclosed) return true;
  const word = directiveWord(p, unclosed);
  return p.fail(
    closer,
    `Unexpected end of template; The ${word} directive at ${p.where(unclosed.start, unclosed.end)} is missing its corresponding end${word} directive.`,
  );
}

/** Bad escapes in a quoted literal: reported always, and they do not stop the parse. */
export function reportEscapes(p: ParserState, token: Token): void {
  for (const problem of decodeQuotedLiteral(p.text.slice(token.start, token.end)).problems) {
    p.report({ start: token.start + problem.start, end: token.start + problem.end }, problem.message);
  }
}
