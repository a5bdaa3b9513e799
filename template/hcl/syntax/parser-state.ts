/**
 * What every part of the syntax check shares, as HCL's `parser` does: the
 * tokens and the read position (with the stack of whether newlines count,
 * HCL's peeker), the faults found so far, the recovery flag that holds back
 * later parse errors, and the ways of skipping broken text.
 */
import type { Token, TokenType } from '../hcl-lexer.js';
import type { Span } from '../../nesting-limit.js';
import { closerOf, openersClosedBy } from './brackets.js';

/** A syntax error between two offsets of the text. */
export interface SyntaxFault {
  start: number;
  end: number;
  message: string;
}

export class ParserState {
  /** The errors HCL reports. */
  readonly faults: SyntaxFault[] = [];
  /** Parse errors after the first, which HCL holds back. */
  readonly suppressed: SyntaxFault[] = [];
  /** Arguments set again in the same body. */
  readonly redefined: SyntaxFault[] = [];
  /** Set by the first parse error; later parse errors are not reported (HCL does the same). */
  recovery = false;
  private pos = 0;
  /** Whether newlines are tokens here (bodies, objects) or whitespace (brackets, interpolations). */
  private readonly newlines: boolean[] = [true];

  constructor(
    readonly text: string,
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  // ---- token stream ---------------------------------------------------

  /** The token being read (where a stack overflow happened). */
  currentToken(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)]!;
  }

  /** Index of the next token the parser sees here; does not move (newlines may count later). */
  private nextIndex(): number {
    const includeNewlines = this.newlines[this.newlines.length - 1];
    let at = this.pos;
    while (at < this.tokens.length - 1) {
      const type = this.tokens[at]!.type;
      if (type === 'newline' && !includeNewlines) at++;
      else break;
    }
    return at;
  }

  peek(): Token {
    return this.tokens[this.nextIndex()]!;
  }

  read(): Token {
    const at = this.nextIndex();
    const token = this.tokens[at]!;
    this.pos = token.type === 'eof' ? at : at + 1;
    return token;
  }

  /** The next token whatever it is, newlines included; does not move. */
  peekRaw(): Token {
    return this.tokens[this.pos]!;
  }

  /** Reads the next token whatever it is (newlines included): for templates and recovery. */
  readRaw(): Token {
    const token = this.tokens[this.pos]!;
    if (token.type !== 'eof') this.pos++;
    return token;
  }

  /** The next token that is not a newline, whether newlines count here or not. */
  peekSkippingNewlines(): Token {
    let at = this.pos;
    while (this.tokens[at]!.type === 'newline') at++;
    return this.tokens[at]!;
  }

  /** The token read last, newlines included. */
  lastRead(): Token {
    return this.tokens[this.pos - 1]!;
  }

  /** Gives back the token read last, for the construct around to read. */
  unread(): void {
    this.pos--;
  }

  withNewlines<T>(include: boolean, parse: () => T): T {
    this.newlines.push(include);
    try {
      return parse();
    } finally {
      this.newlines.pop();
    }
  }

  isKeyword(token: Token, word: string): boolean {
    return token.type === 'ident' && this.text.slice(token.start, token.end) === word;
  }

  // ---- faults -------------------------------------------------------------

  /** Reports a parse error unless an earlier one put the parser in recovery. Returns false, for `return p.fail(…)`. */
  fail(at: Span, message: string): false {
    (this.recovery ? this.suppressed : this.faults).push({ start: at.start, end: at.end, message });
    this.recovery = true;
    return false;
  }

  /** Reports a fault whatever happened before, as HCL does for some; the recovery state stays as it is. */
  report(at: Span, message: string): void {
    this.faults.push({ start: at.start, end: at.end, message });
  }

  /** HCL's way of naming a place: `file:line,col-col` (1-based; UTF-16 columns). */
  where(start: number, end: number): string {
    const before = this.text.slice(0, start);
    const line = before.split('\n').length;
    const column = start - before.lastIndexOf('\n');
    const within = this.text.slice(start, end);
    const endLine = line + within.split('\n').length - 1;
    const endColumn = endLine === line ? column + within.length : end - this.text.lastIndexOf('\n', end - 1);
    return `${this.file}:${line},${column}-${endLine === line ? '' : `${endLine},`}${endColumn}`;
  }

  // ---- recovery -----------------------------------------------------------

  /**
   * Skips to just after the token that closes the construct `end` closes
   * (or to the end of the file), minding nesting: `tmplEnd` ends a `${ }` or
   * a `%{ }` alike.
   */
  recover(end: TokenType): Token {
    this.recovery = true;
    let depth = 0;
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'eof') return token;
      if (closerOf(token.type) === end) depth++;
      else if (token.type === end) {
        if (depth === 0) return token;
        depth--;
      }
    }
  }

  /** Skips to just after the newline ending the current body item, minding nesting. */
  recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: TokenType[] = [];
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'eof') return;
      if (token.type === 'newline' && open.length === 0) return;
      if (closerOf(token.type)) open.push(token.type);
      const openers = openersClosedBy(token.type);
      if (openers) popTo(open, openers);
    }
  }
}

/** Pops up to and including the innermost of `targets` (everything, when none is open). */
function popTo(stack: TokenType[], targets: readonly TokenType[]): void {
  while (stack.length > 0 && !targets.includes(stack[stack.length - 1]!)) stack.pop();
  if (stack.length > 0) stack.pop();
}
