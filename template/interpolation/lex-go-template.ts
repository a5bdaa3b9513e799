/**
 * Tokens of Go text/template text, following the rules of Go's
 * text/template/parse lexer (delimiters `{{ }}`, trim markers, comments,
 * quoted strings, numbers, fields, variables, identifiers).
 *
 * Unlike Go's lexer, which stops at the first error, this one reports the
 * error and resumes after the action's closing `}}`, so an editor sees every
 * broken action of a string, not only the first.
 */
import { HOLE } from './mapped-text.js';
import { MAX_NESTING, NESTED_TOO_DEEPLY } from '../nesting-limit.js';

export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'comment'
  | 'field'
  | 'dot'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'nil'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'assign'
  | 'declare'
  | 'comma'
  | 'hole'
  | 'error';

export interface Token {
  kind: TokenKind;
  /** The token's text as it stands in the decoded string. */
  text: string;
  start: number;
  end: number;
  /** Delimiters and comments: the `-` trim marker is present. */
  trim?: boolean;
  /** Comments: trim marker on the closing side. */
  trimRight?: boolean;
  /** Error tokens: the explanation. */
  message?: string;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'template', 'define', 'block', 'break', 'continue']);

/** Go's isSpace: the characters a trim marker must be followed or preceded by. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Go's `%#U` rendering of a character: `U+0041 'A'`. */
export function describeRune(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return /\p{C}/u.test(c) ? `U+${hex}` : `U+${hex} '${c}'`;
}

/** Splits decoded template text into tokens. Never throws. */
export function lexGoTemplate(text: string): Token[] {
  return new Lexer(text).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private parenDepth = 0;
  /** Offset of the current action's `{{` (what "unclosed action" marks). */
  private actionStart = 0;

  constructor(private readonly input: string) {}

  run(): Token[] {
    while (this.pos < this.input.length) this.lexText();
    return this.tokens;
  }

  private emit(kind: TokenKind, start: number, end: number, extra: Partial<Token> = {}): void {
    this.tokens.push({ kind, text: this.input.slice(start, end), start, end, ...extra });
  }

  /** Text up to the next `{{`, then the action or comment there. */
  private lexText(): void {
    const open = this.input.indexOf('{{', this.pos);
    if (open < 0) {
      this.emit('text', this.pos, this.input.length);
      this.pos = this.input.length;
      return;
    }
    if (open > this.pos) this.emit('text', this.pos, open);
    const trim = this.input[open + 2] === '-' && isSpace(this.input[open + 3]);
    const afterDelim = open + (trim ? 3 : 2);
    // Go's trim marker is "- " (the dash and one space); a comment must follow it at once.
    const commentStart = trim ? afterDelim + 1 : afterDelim;
    if (this.input.startsWith('/*', commentStart)) {
      this.lexComment(open, commentStart, trim);
      return;
    }
    this.emit('leftDelim', open, afterDelim, { trim });
    this.pos = afterDelim;
    this.parenDepth = 0;
    this.actionStart = open;
    this.lexInsideAction();
  }

  /** `{{/* … *\/}}`, with optional trim markers on either side. */
  private lexComment(open: number, commentStart: number, trimLeft: boolean): void {
    const close = this.input.indexOf('*/', commentStart + 2);
    if (close < 0) {
      this.fail(open, this.input.length, 'unclosed comment');
      return;
    }
    let after = close + 2;
    const trimRight = this.hasRightTrimMarker(after);
    if (trimRight) after += 2;
    if (!this.input.startsWith('}}', after)) {
      this.fail(open, close + 2, 'comment ends before closing delimiter');
      this.skipPastRightDelim(close + 2);
      return;
    }
    this.emit('comment', open, after + 2, { trim: trimLeft, trimRight });
    this.pos = after + 2;
  }

  /** ` -}}` at `at`: a space, the marker and the delimiter. */
  private hasRightTrimMarker(at: number): boolean {
    return isSpace(this.input[at]) && this.input[at + 1] === '-' && this.input.startsWith('}}', at + 2);
  }

  /** Tokens until the closing delimiter; stops at the first error. */
  private lexInsideAction(): void {
    for (;;) {
      const at = this.pos;
      if (at >= this.input.length) {
        this.fail(this.actionStart, at, this.parenDepth > 0 ? 'unclosed left paren' : 'unclosed action');
        return;
      }
      const rightTrim = this.hasRightTrimMarker(at);
      if (rightTrim || this.input.startsWith('}}', at)) {
        if (this.parenDepth > 0) {
          this.fail(at, at + (rightTrim ? 4 : 2), 'unclosed left paren');
          this.pos = at + (rightTrim ? 4 : 2);
          return;
        }
        this.emit('rightDelim', rightTrim ? at + 1 : at, at + (rightTrim ? 4 : 2), { trim: rightTrim });
        this.pos = at + (rightTrim ? 4 : 2);
        return;
      }
      if (!this.lexOne(at)) return;
    }
  }

  /** Lexes one token (or skips space) at `at`; false after an error. */
  private lexOne(at: number): boolean {
    const c = this.input[at]!;
    if (isSpace(c)) {
      this.pos = at + 1;
      return true;
    }
    const simple = SIMPLE_TOKENS[c];
    if (simple) return this.lexSimple(at, c, simple);
    if (c === ':') {
      if (this.input[at + 1] !== '=') return this.failInAction(at, at + 1, 'expected :=');
      this.emit('declare', at, at + 2);
      this.pos = at + 2;
      return true;
    }
    if (c === '"') return this.lexQuote(at);
    if (c === '`') return this.lexRawQuote(at);
    if (c === "'") return this.lexChar(at);
    if (c === '$') return this.lexWord(at, at + 1, 'variable');
    if (c === '.') {
      if (isDigit(this.input[at + 1])) return this.lexNumber(at);
      return this.lexWord(at, at + 1, 'field');
    }
    if (c === '+' || c === '-' || isDigit(c)) return this.lexNumber(at);
    if (c === HOLE) {
      this.emit('hole', at, at + 1);
      this.pos = at + 1;
      return true;
    }
    if (isAlphaNumeric(c)) return this.lexWord(at, at, 'identifier');
    const rune = String.fromCodePoint(this.input.codePointAt(at)!);
    const message = /^[\x20-\x7e]$/.test(rune)
      ? `unexpected "${rune}" in command`
      : `unrecognized character in action: ${describeRune(rune)}`;
    return this.failInAction(at, at + rune.length, message);
  }

  private lexSimple(at: number, c: string, kind: TokenKind): boolean {
    // Go's parser stops at its own depth limit; ours is the one every walk of the tree can take.
    if (kind === 'leftParen' && ++this.parenDepth > MAX_NESTING)
      return this.failInAction(at, at + 1, NESTED_TOO_DEEPLY);
    if (kind === 'rightParen') {
      this.parenDepth--;
      if (this.parenDepth < 0) return this.failInAction(at, at + 1, `unexpected right paren ${describeRune(c)}`);
    }
    this.emit(kind, at, at + 1);
    this.pos = at + 1;
    return true;
  }

  private lexQuote(at: number): boolean {
    let i = at + 1;
    for (;;) {
      const c = this.input[i];
      if (c === undefined || c === '\n') return this.failInAction(at, i, 'unterminated quoted string');
      if (c === '\\' && i + 1 < this.input.length && this.input[i + 1] !== '\n') i += 2;
      else if (c === '"') break;
      else i++;
    }
    this.emit('string', at, i + 1);
    this.pos = i + 1;
    return true;
  }

  private lexRawQuote(at: number): boolean {
    const close = this.input.indexOf('`', at + 1);
    if (close < 0) return this.failInAction(at, this.input.length, 'unterminated raw quoted string');
    this.emit('rawString', at, close + 1);
    this.pos = close + 1;
    return true;
  }

  private lexChar(at: number): boolean {
    let i = at + 1;
    for (;;) {
      const c = this.input[i];
      if (c === undefined || c === '\n') return this.failInAction(at, i, 'unterminated character constant');
      if (c === '\\' && i + 1 < this.input.length) i += 2;
      else if (c === "'") break;
      else i++;
    }
    this.emit('char', at, i + 1);
    this.pos = i + 1;
    return true;
  }

  /** Go's scanNumber, loosely: sign, digits, base prefix, fraction, exponent, `i`. */
  private lexNumber(at: number): boolean {
    const match =
      /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bBoO][0-9_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(
        this.input.slice(at),
      );
    const end = at + (match?.[0].length ?? 0);
    if (end === at || /^[+-]?\.?$/.test(this.input.slice(at, end)) || isAlphaNumeric(this.input[end])) {
      let bad = end;
      while (isAlphaNumeric(this.input[bad]) || this.input[bad] === '.') bad++;
      return this.failInAction(
        at,
        Math.max(bad, at + 1),
        `bad number syntax: "${this.input.slice(at, Math.max(bad, at + 1))}"`,
      );
    }
    this.emit('number', at, end);
    this.pos = end;
    return true;
  }

  /** Identifiers, `.fields` and `$variables`: a prefix then alphanumerics. */
  private lexWord(at: number, from: number, kind: 'identifier' | 'field' | 'variable'): boolean {
    let end = from;
    while (isAlphaNumeric(this.input[end])) end++;
    if (!this.atTerminator(end)) {
      const rune = String.fromCodePoint(this.input.codePointAt(end)!);
      return this.failInAction(at, end + rune.length, `bad character ${describeRune(rune)}`);
    }
    const word = this.input.slice(at, end);
    if (kind === 'field' && end === at + 1) this.emit('dot', at, end);
    else if (kind !== 'identifier') this.emit(kind, at, end);
    else if (KEYWORDS.has(word)) this.emit('keyword', at, end);
    else if (word === 'true' || word === 'false') this.emit('bool', at, end);
    else if (word === 'nil') this.emit('nil', at, end);
    else this.emit('identifier', at, end);
    this.pos = end;
    return true;
  }

  /** What may follow a word (Go's atTerminator). */
  private atTerminator(at: number): boolean {
    const c = this.input[at];
    if (c === undefined || isSpace(c)) return true;
    if ('.,|:()'.includes(c)) return true;
    return this.input.startsWith('}}', at) || c === HOLE;
  }

  /** An error inside an action: report it, resume after the action. */
  private failInAction(start: number, end: number, message: string): boolean {
    this.fail(start, end, message);
    this.skipPastRightDelim(end);
    return false;
  }

  private fail(start: number, end: number, message: string): void {
    this.emit('error', start, end, { message });
    this.pos = this.input.length;
  }

  /** Resumes lexing text after the next `}}` (or at the end). */
  private skipPastRightDelim(from: number): void {
    const close = this.input.indexOf('}}', from);
    this.pos = close < 0 ? this.input.length : close + 2;
    if (close >= 0) this.emit('rightDelim', close, close + 2);
  }
}

const SIMPLE_TOKENS: Record<string, TokenKind> = {
  '|': 'pipe',
  '(': 'leftParen',
  ')': 'rightParen',
  '=': 'assign',
  ',': 'comma',
};
