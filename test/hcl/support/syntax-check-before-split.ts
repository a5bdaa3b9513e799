// The HCL syntax check as it was before it was split into template/hcl/syntax/ (commit f432bea),
// kept unchanged as the reference of test/hcl/syntax-check-split.test.ts while the split is under way.
/**
 * HCL's syntax rules, checked on {@link scanHcl} tokens by a recursive
 * descent that follows HashiCorp's hclsyntax parser: the same grammar
 * (newline-terminated arguments, single-line blocks, newlines that count in
 * bodies and objects but not inside brackets), the same messages
 * ("Summary; Detail.") on the same tokens, and the same recovery (after the
 * first parse error further parse errors are suppressed, as in HCL).
 *
 * It produces diagnostics only; the model comes from tree-sitter.
 */
import { scanHcl, type ScanOptions, type Token, type TokenType } from '../../../template/hcl/hcl-lexer.js';
import { didYouMean, suggest } from '../../../template/suggest.js';
import { firstTooDeep, NESTED_TOO_DEEPLY } from '../../../template/nesting-limit.js';
import { isValidNumber } from '../../../template/hcl/scanner-rules.js';
import { decodeQuotedLiteral } from '../../../template/hcl/string-escapes.js';

/** Diagnostic code of every HCL syntax error. */
export const HCL_SYNTAX = 'hcl-syntax';

/** A syntax error between two offsets of the text. */
export interface SyntaxFault {
  start: number;
  end: number;
  message: string;
}

export interface SyntaxCheck {
  /** The errors HCL reports, in its order (token faults first). */
  faults: SyntaxFault[];
  /**
   * Further faults found after the first parse error, which HCL does not
   * report (its recovery may misjudge them) — still good hints of which
   * lines are broken, for structure recovery.
   */
  suppressed: SyntaxFault[];
  /**
   * Arguments set again in the same body ("Attribute redefined", at the
   * second name), which HCL's parser reports among its own errors. Apart
   * from `faults` because the parser's model checks them on its own tree.
   */
  redefined: SyntaxFault[];
  /** Nesting past MAX_NESTING: the one fault; nothing may walk this text's tree. */
  tooDeep: boolean;
}

export type SyntaxCheckOptions = ScanOptions;

/** Checks the text as HCL's parser would; `file` names places in messages, as HCL does. */
export function checkHclSyntax(text: string, file = '', options: SyntaxCheckOptions = {}): SyntaxCheck {
  const tokens = scanHcl(text, options);
  const tooDeep = firstTooDeep(tokens, nestingDelta);
  if (tooDeep) return nestedTooDeeply(tooDeep);
  const checker = new Checker(text, tokens, file);
  try {
    checker.parseFile();
  } catch (err) {
    // Deep operator chains (`- - - … a`) nest without brackets.
    if (!(err instanceof RangeError)) throw err;
    return nestedTooDeeply(checker.currentToken());
  }
  return {
    faults: [...tokenFaults(text, tokens), ...checker.faults],
    suppressed: checker.suppressed,
    redefined: checker.redefined,
    tooDeep: false,
  };
}

/** The one fault of a text nested past the limit, at the token that crosses it. */
function nestedTooDeeply(at: Token): SyntaxCheck {
  return {
    faults: [{ start: at.start, end: at.end, message: NESTED_TOO_DEEPLY }],
    suppressed: [],
    redefined: [],
    tooDeep: true,
  };
}

const OPENING = new Set<TokenType>(['{', '[', '(', 'interp', 'control', 'oquote', 'oheredoc']);
const CLOSING = new Set<TokenType>(['}', ']', ')', 'tmplEnd', 'cquote', 'cheredoc']);

/** Brackets, strings, heredocs and `${ }`/`%{ }` all nest expressions. */
function nestingDelta(token: Token): number {
  return OPENING.has(token.type) ? 1 : CLOSING.has(token.type) ? -1 : 0;
}

const QUOTED_NEWLINE =
  'Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.';

const CURLY_QUOTES = new Set(['\u201c', '\u201d']);
const BITWISE_HINT: Record<string, string> = {
  '&': ' Did you mean boolean AND ("&&")?',
  '|': ' Did you mean boolean OR ("||")?',
  '~': ' Did you mean boolean NOT ("!")?',
};

/**
 * Faults of single tokens, reported whatever the parser makes of them, with
 * HCL's limits: a few bitwise operators, one semicolon, and only every other
 * backtick or apostrophe (the opening one of a pair).
 */
function tokenFaults(text: string, tokens: Token[]): SyntaxFault[] {
  const faults: SyntaxFault[] = [];
  const told = { bitwise: 0, semicolon: 0, backtick: 0, apostrophe: 0 };
  for (const token of tokens) {
    const fault = (message: string): void => void faults.push({ start: token.start, end: token.end, message });
    switch (token.type) {
      case 'invalid':
        fault(
          CURLY_QUOTES.has(text[token.start]!)
            ? 'Invalid character; "Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".'
            : 'Invalid character; This character is not used within the language.',
        );
        break;
      case 'semicolon':
        if (told.semicolon++ < 1) {
          fault(
            'Invalid character; The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
          );
        }
        break;
      case 'backtick':
        if (told.backtick % 2 === 0)
          fault(
            'Invalid character; The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
          );
        if (told.backtick <= 2) told.backtick++;
        break;
      case 'apostrophe':
        if (told.apostrophe % 2 === 0)
          fault('Invalid character; Single quotes are not valid. Use double quotes (") to enclose strings.');
        if (told.apostrophe <= 2) told.apostrophe++;
        break;
      case 'bitwise':
        if (told.bitwise++ < 4)
          fault(`Unsupported operator; Bitwise operators are not supported.${BITWISE_HINT[text[token.start]!] ?? ''}`);
        break;
      case 'quotedNewline':
        fault(QUOTED_NEWLINE);
        break;
      default:
        break;
    }
  }
  return faults;
}

const UNCLOSED_BLOCK =
  'Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
const DIRECTIVES = ['if', 'else', 'endif', 'for', 'endfor'];
const CLOSER: Partial<Record<TokenType, TokenType>> = { '{': '}', '[': ']', '(': ')', oquote: 'cquote' };
const OPENERS = new Set<TokenType>(['{', '[', '(', 'oquote', 'oheredoc', 'interp', 'control']);
const CLOSERS: Partial<Record<TokenType, TokenType>> = {
  '}': '{',
  ']': '[',
  ')': '(',
  cquote: 'oquote',
  cheredoc: 'oheredoc',
};
const BINARY_LEVELS: TokenType[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

class Checker {
  readonly faults: SyntaxFault[] = [];
  readonly suppressed: SyntaxFault[] = [];
  readonly redefined: SyntaxFault[] = [];
  /** Set by the first parse error; later parse errors are not reported (HCL does the same). */
  private recovery = false;
  private pos = 0;
  /** Whether newlines are tokens here (bodies, objects) or whitespace (brackets, interpolations). */
  private readonly newlines: boolean[] = [true];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  /** HCL's way of naming a place: `file:line,col-col` (1-based; UTF-16 columns). */
  /** The token being read (where a stack overflow happened). */
  currentToken(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)]!;
  }

  private where(start: number, end: number): string {
    const before = this.text.slice(0, start);
    const line = before.split('\n').length;
    const column = start - before.lastIndexOf('\n');
    const within = this.text.slice(start, end);
    const endLine = line + within.split('\n').length - 1;
    const endColumn = endLine === line ? column + within.length : end - this.text.lastIndexOf('\n', end - 1);
    return `${this.file}:${line},${column}-${endLine === line ? '' : `${endLine},`}${endColumn}`;
  }

  parseFile(): void {
    this.parseBody('eof');
  }

  // ---- token stream ---------------------------------------------------

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

  private peek(): Token {
    return this.tokens[this.nextIndex()]!;
  }

  private read(): Token {
    const at = this.nextIndex();
    const token = this.tokens[at]!;
    this.pos = token.type === 'eof' ? at : at + 1;
    return token;
  }

  /** Reads the next token whatever it is (newlines included): for recovery. */
  private readRaw(): Token {
    const token = this.tokens[this.pos]!;
    if (token.type !== 'eof') this.pos++;
    return token;
  }

  private withNewlines<T>(include: boolean, parse: () => T): T {
    this.newlines.push(include);
    try {
      return parse();
    } finally {
      this.newlines.pop();
    }
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.type === 'ident' && this.text.slice(token.start, token.end) === word;
  }

  // ---- faults and recovery --------------------------------------------

  /** Reports a parse error unless an earlier one put the parser in recovery. Returns false, for `return this.fail(…)`. */
  private fail(at: { start: number; end: number }, message: string): false {
    (this.recovery ? this.suppressed : this.faults).push({ start: at.start, end: at.end, message });
    this.recovery = true;
    return false;
  }

  /** Skips to just after the token closing the construct `end` closes, minding nesting. */
  private recover(end: TokenType): Token {
    this.recovery = true;
    const open = Object.entries(CLOSER).find(([, close]) => close === end)?.[0] as TokenType | undefined;
    let depth = 0;
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'eof') return token;
      if (token.type === open) depth++;
      else if (token.type === end) {
        if (depth === 0) return token;
        depth--;
      }
    }
  }

  /** Skips to just after the newline ending the current body item, minding nesting. */
  private recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: TokenType[] = [];
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'eof') return;
      if (token.type === 'newline' && open.length === 0) return;
      if (OPENERS.has(token.type)) open.push(token.type);
      const opener = CLOSERS[token.type];
      if (opener) popTo(open, [opener]);
      if (token.type === 'tmplEnd') popTo(open, ['interp', 'control']);
    }
  }

  // ---- bodies -----------------------------------------------------------

  /** A body up to `end`; `open` is the brace of the block whose body this is. */
  private parseBody(end: '}' | 'eof', open?: Token): void {
    /** Where each argument of this body was first set. */
    const names = new Map<string, Token>();
    for (;;) {
      const next = this.peek();
      if (next.type === end) return;
      if (next.type === 'newline') {
        this.read();
        continue;
      }
      if (next.type === 'ident') {
        if (this.parseBodyItem()) this.noteArgument(names, next);
        continue;
      }
      const bad = this.read();
      if (bad.type === 'oquote') this.fail(bad, 'Invalid argument name; Argument names must not be quoted.');
      else if (bad.type !== 'eof')
        this.fail(bad, 'Argument or block definition required; An argument or block definition is required here.');
      else if (open) this.fail(open, UNCLOSED_BLOCK);
      // Skip the rest of the body, leaving its closing brace for the block to read.
      if (this.recover(end).type === '}') this.pos--;
      return;
    }
  }

  /** One argument or block; true when it was an argument (broken or not, HCL still records it). */
  private parseBodyItem(): boolean {
    const ident = this.read();
    const next = this.peek();
    if (next.type === '=') {
      this.finishAttribute(false);
      return true;
    }
    if (next.type === 'oquote' || next.type === '{' || next.type === 'ident') {
      this.finishBlock();
      return false;
    }
    this.fail(
      ident,
      'Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
    );
    this.recoverAfterBodyItem();
    return false;
  }

  /** Records an argument's name, or reports it as set again, as HCL's ParseBody does. */
  private noteArgument(names: Map<string, Token>, ident: Token): void {
    const name = this.text.slice(ident.start, ident.end);
    const first = names.get(name);
    if (!first) {
      names.set(name, ident);
      return;
    }
    this.redefined.push({
      start: ident.start,
      end: ident.end,
      message: `Attribute redefined; The argument "${name}" was already set at ${this.where(first.start, first.end)}. Each argument may be set only once.`,
    });
  }

  private finishAttribute(singleLine: boolean): void {
    this.read(); // =
    const ok = this.parseExpression();
    if (!ok && this.recovery) {
      // Single-line or not, as in HCL: the rest of the line goes.
      this.recoverAfterBodyItem();
      return;
    }
    const end = this.peek();
    if (end.type === 'newline' || end.type === 'eof') {
      if (!singleLine) this.read();
      return;
    }
    if (singleLine) return;
    if (end.type === ',') {
      this.fail(
        end,
        'Unexpected comma after argument; Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.',
      );
    } else {
      this.fail(end, 'Missing newline after argument; An argument definition must end with a newline.');
    }
    this.recoverAfterBodyItem();
  }

  private finishBlock(): void {
    for (;;) {
      const token = this.peek();
      if (token.type === '{') break;
      if (token.type === 'ident') {
        this.read();
        continue;
      }
      if (token.type === 'oquote') {
        this.parseQuotedLabel();
        continue;
      }
      if (token.type === '=') {
        this.fail(
          token,
          'Invalid block definition; The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
        );
      } else if (token.type === 'newline') {
        this.fail(
          token,
          'Invalid block definition; A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
        );
      } else {
        this.fail(
          token,
          'Invalid block definition; Either a quoted string block label or an opening brace ("{") is expected here.',
        );
      }
      this.recoverAfterBodyItem();
      return;
    }
    const open = this.read();
    const first = this.peek().type;
    if (first === 'newline' || first === '}' || first === 'eof') {
      this.parseBody('}', open);
      if (this.read().type !== '}') return;
    } else {
      this.finishSingleLineBody(open);
    }
    const after = this.peek();
    if (after.type !== 'newline' && after.type !== 'eof') {
      this.fail(after, 'Missing newline after block definition; A block definition must end with a newline.');
      this.recoverAfterBodyItem();
      return;
    }
    if (after.type === 'newline') this.read();
  }

  /**
   * `name { arg = value }`. What stands where the closing brace should be is
   * reported before the body's own faults, as HCL does; a comma or a line
   * break even after other errors.
   */
  private finishSingleLineBody(open: Token): void {
    const mark = this.faults.length;
    this.parseSingleAttributeBody();
    const close = this.peek();
    if (close.type === '}') {
      this.read();
      return;
    }
    const single = 'Invalid single-argument block definition; ';
    let message: string | undefined;
    let at: { start: number; end: number } = close;
    if (close.type === ',') {
      message = `${single}Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.`;
    } else if (close.type === 'newline') {
      message = `${single}An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.`;
    } else if (!this.recovery && close.type === 'eof') {
      message = UNCLOSED_BLOCK;
      at = open;
    } else if (!this.recovery) {
      message = `${single}A single-line block definition must end with a closing brace immediately after its single argument definition.`;
    }
    if (message) this.faults.splice(mark, 0, { start: at.start, end: at.end, message });
    this.recover('}');
  }

  private parseSingleAttributeBody(): void {
    const ident = this.read();
    if (ident.type !== 'ident') {
      this.fail(ident, 'Argument or block definition required; An argument or block definition is required here.');
      this.recoverAfterBodyItem();
      return;
    }
    const next = this.peek();
    if (next.type === '=') {
      this.finishAttribute(true);
      return;
    }
    const name = this.text.slice(ident.start, ident.end);
    if (next.type === 'oquote' || next.type === '{' || next.type === 'ident') {
      this.fail(
        { start: ident.start, end: next.end },
        `Argument definition required; A single-line block definition can contain only a single argument. If you meant to define argument "${name}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
      );
    } else {
      this.fail(
        ident,
        'Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      );
    }
    this.recoverAfterBodyItem();
  }

  /**
   * A block label: a string without template sequences. Its faults are
   * reported whatever happened before (HCL does not hold them back).
   */
  private parseQuotedLabel(): void {
    this.read(); // "
    const invalid = (token: Token, detail: string): void => {
      this.faults.push({ start: token.start, end: token.end, message: `Invalid string literal; ${detail}` });
      this.recovery = true;
    };
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'cquote') return;
      if (token.type === 'eof') {
        this.faults.push({
          start: token.start,
          end: token.end,
          message: 'Unterminated string literal; Unable to find the closing quote mark before the end of the file.',
        });
        return;
      }
      if (token.type === 'lit') {
        this.reportEscapes(token);
      } else if (token.type === 'interp' || token.type === 'control') {
        const which = token.type === 'interp' ? '$' : '%';
        invalid(
          token,
          `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
        );
        this.recoverTemplateSequence();
      } else {
        invalid(token, 'This item is not valid in a string literal.');
        this.recover('cquote');
        return;
      }
    }
  }

  /** Bad escapes in a quoted literal: reported always, and they do not stop the parse. */
  private reportEscapes(token: Token): void {
    for (const problem of decodeQuotedLiteral(this.text.slice(token.start, token.end)).problems) {
      this.faults.push({
        start: token.start + problem.start,
        end: token.start + problem.end,
        message: problem.message,
      });
    }
  }

  // ---- expressions ------------------------------------------------------

  /** Parses one expression; false when it had an error. */
  private parseExpression(): boolean {
    if (!this.parseBinary(0)) return false;
    if (this.peek().type !== '?') return true;
    this.read();
    if (!this.parseExpression()) return false;
    const colon = this.peek();
    if (colon.type !== ':') {
      return this.fail(
        colon,
        'Missing false expression in conditional; The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
      );
    }
    this.read();
    return this.parseExpression();
  }

  private parseBinary(level: number): boolean {
    if (level >= BINARY_LEVELS.length) return this.parseUnary();
    if (!this.parseBinary(level + 1)) return false;
    while (BINARY_LEVELS[level]!.includes(this.peek().type)) {
      this.read();
      if (!this.parseBinary(level + 1)) return false;
    }
    return true;
  }

  private parseUnary(): boolean {
    const next = this.peek();
    if (next.type === '-' || next.type === '!') {
      this.read();
      return this.parseUnary();
    }
    // As in HCL, a broken term is still followed by its traversals.
    const term = this.parseTerm();
    return this.parseTraversals() && term;
  }

  private parseTerm(): boolean {
    const start = this.peek();
    switch (start.type) {
      case '(':
        return this.parseParens();
      case 'number':
        this.read();
        this.checkNumber(start);
        return true;
      case 'ident':
        this.read();
        if (this.isScopeResolution()) return this.parseNamespacedCall(start);
        return this.peek().type === '(' ? this.parseCallArguments(start) : true;
      case 'oquote':
      case 'oheredoc':
        return this.parseTemplate();
      case '[':
        return this.parseTuple();
      case '{':
        return this.parseObject();
      case 'eof':
        return this.fail(
          start,
          'Missing expression; Expected the start of an expression, but found the end of the file.',
        );
      default:
        return this.fail(
          start,
          'Invalid expression; Expected the start of an expression, but found an invalid expression token.',
        );
    }
  }

  /** `::` after the identifier just read: a namespaced function name follows. */
  private isScopeResolution(): boolean {
    return this.peek().type === '::';
  }

  /** `provider::aws::arn_parse(…)`: a namespaced function call, as newer HCL allows. */
  private parseNamespacedCall(start: Token): boolean {
    while (this.isScopeResolution()) {
      this.read();
      const name = this.peek();
      if (name.type !== 'ident') {
        return this.fail(
          name,
          'Missing function name; Function scope resolution symbol :: must be followed by a function name in this scope.',
        );
      }
      this.read();
    }
    const open = this.peek();
    if (open.type !== '(') {
      return this.fail(
        open,
        'Missing open parenthesis; Function selector must be followed by an open parenthesis to begin the function call.',
      );
    }
    return this.parseCallArguments(start);
  }

  private parseParens(): boolean {
    this.read();
    return this.withNewlines(false, () => {
      // Any error inside sends HCL to the closing parenthesis, even one that does not stop the parse.
      const before = this.faults.length;
      if (!this.parseExpression() || this.faults.length > before) {
        this.recover(')');
        return false;
      }
      const close = this.read();
      if (close.type === ')') return true;
      this.faults.push({
        start: close.start,
        end: close.end,
        message: 'Unbalanced parentheses; Expected a closing parenthesis to terminate the expression.',
      });
      this.recovery = true;
      return false;
    });
  }

  private parseTraversals(): boolean {
    for (;;) {
      const next = this.peek();
      if (next.type === '.') {
        this.read();
        const name = this.peek();
        if (name.type === 'ident') {
          this.read();
          continue;
        }
        if (name.type === 'number') {
          this.read();
          this.checkLegacyIndex(name, name, '');
          continue;
        }
        if (name.type === '*') {
          this.read();
          if (!this.parseAttributeSplat(name)) return false;
          continue;
        }
        // Reported even after an earlier error, as HCL does.
        this.faults.push({
          start: name.start,
          end: name.end,
          message: 'Invalid attribute name; An attribute name is required after a dot.',
        });
        this.recovery = true;
        return false;
      }
      if (next.type === '[') {
        if (!this.parseIndex()) return false;
        continue;
      }
      return true;
    }
  }

  /** After `.*`: only `.name` and legacy `.0` steps belong to the splat. */
  private parseAttributeSplat(star: Token): boolean {
    while (this.peek().type === '.') {
      this.read();
      const name = this.peek();
      if (name.type === 'number') {
        this.read();
        this.checkLegacyIndex(name, star, ' with a full splat expression [*]');
        continue;
      }
      if (name.type !== 'ident') {
        if (name.type === '*') {
          this.fail(
            name,
            'Nested splat expression not allowed; A splat expression (*) cannot be used inside another attribute-only splat expression.',
          );
        } else {
          this.fail(star, 'Invalid attribute name; An attribute name is required after a dot.');
        }
        return false;
      }
      this.read();
    }
    return true;
  }

  /**
   * A number after a dot, a legacy index: `x.0.1` scans as the number 0.1,
   * which HCL rejects (reported even after other errors, as HCL does).
   */
  private checkLegacyIndex(index: Token, at: Token, splat: string): void {
    const literal = this.text.slice(index.start, index.end);
    const dot = literal.indexOf('.');
    if (dot < 0) {
      this.checkNumber(index);
      return;
    }
    this.faults.push({
      start: at.start,
      end: at.end,
      message: `Invalid legacy index syntax; When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax${splat} instead, like [${literal.slice(0, dot)}][${literal.slice(dot + 1)}].`,
    });
  }

  /** `1.5.2` or `1e5e6` scan as one number that has no value: reported always, and the parse goes on. */
  private checkNumber(token: Token): void {
    if (isValidNumber(this.text.slice(token.start, token.end))) return;
    this.faults.push({
      start: token.start,
      end: token.end,
      message: 'Invalid number literal; Failed to recognize the value of this number literal.',
    });
  }

  private parseIndex(): boolean {
    this.read(); // [
    return this.withNewlines(false, () => {
      if (this.peek().type === '*') {
        this.read();
        if (this.peek().type === ']') {
          this.read();
          return true;
        }
        // As for an index: HCL reports where its recovery lands.
        const reporting = !this.recovery;
        const landed = this.recover(']');
        if (reporting)
          this.faults.push({
            start: landed.start,
            end: landed.end,
            message:
              'Missing close bracket on splat index; The star for a full splat operator must be immediately followed by a closing bracket ("]").',
          });
        return false;
      }
      if (!this.parseExpression()) {
        this.recover(']');
        return false;
      }
      if (this.peek().type !== ']') {
        // HCL reports where its recovery lands, not where the bracket was expected.
        const reporting = !this.recovery;
        const landed = this.recover(']');
        if (reporting)
          this.faults.push({
            start: landed.start,
            end: landed.end,
            message: 'Missing close bracket on index; The index operator must end with a closing bracket ("]").',
          });
        return false;
      }
      this.read();
      return true;
    });
  }

  private parseCallArguments(name: Token): boolean {
    const open = this.read(); // (
    return this.withNewlines(false, () => {
      for (;;) {
        if (this.peek().type === ')') {
          this.read();
          return true;
        }
        if (!this.parseExpression()) {
          this.recover(')');
          return false;
        }
        const sep = this.read();
        if (sep.type === ')') return true;
        if (sep.type === '...') {
          const close = this.peek();
          if (close.type !== ')') {
            this.fail(
              sep,
              'Missing closing parenthesis; An expanded function argument (with ...) must be immediately followed by closing parentheses.',
            );
            this.recover(')');
            return false;
          }
          this.read();
          return true;
        }
        if (sep.type !== ',') {
          // Reported even after other errors, as HCL does.
          this.faults.push(
            sep.type === 'eof'
              ? {
                  start: name.start,
                  end: open.end,
                  message:
                    'Unterminated function call; There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
                }
              : {
                  start: sep.start,
                  end: sep.end,
                  message:
                    'Missing argument separator; A comma is required to separate each function argument from the next.',
                },
          );
          this.recovery = true;
          this.recover(')');
          return false;
        }
        if (this.peek().type === ')') {
          this.read();
          return true;
        }
      }
    });
  }

  private parseTuple(): boolean {
    const open = this.read(); // [
    return this.withNewlines(false, () => {
      if (this.isKeyword(this.peek(), 'for')) return this.parseFor(']');
      for (;;) {
        if (this.peek().type === ']') {
          this.read();
          return true;
        }
        if (!this.parseExpression()) {
          this.recover(']');
          return false;
        }
        const next = this.peek();
        if (next.type === ']') {
          this.read();
          return true;
        }
        if (next.type !== ',') {
          if (next.type === 'eof') {
            this.fail(
              open,
              'Unterminated tuple constructor expression; There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
            );
          } else {
            this.fail(next, 'Missing item separator; Expected a comma to mark the beginning of the next item.');
          }
          this.recover(']');
          return false;
        }
        this.read();
      }
    });
  }

  private parseObject(): boolean {
    const open = this.read(); // {
    return this.withNewlines(true, () => {
      if (this.isKeyword(this.peekSkippingNewlines(), 'for')) return this.withNewlines(false, () => this.parseFor('}'));
      for (;;) {
        const next = this.peek();
        if (next.type === 'newline') {
          this.read();
          continue;
        }
        if (next.type === '}') {
          this.read();
          return true;
        }
        if (!this.parseObjectItem(open)) return false;
      }
    });
  }

  private peekSkippingNewlines(): Token {
    let at = this.pos;
    while (this.tokens[at]!.type === 'newline') at++;
    return this.tokens[at]!;
  }

  /** Key and value are parsed with newlines significant, as in HCL: a value cannot wrap to the next line. */
  private parseObjectItem(open: Token): boolean {
    const unterminated =
      'Unterminated object constructor expression; There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
    if (!this.parseExpression()) {
      this.recover('}');
      return false;
    }
    const sep = this.peek();
    if (sep.type !== '=' && sep.type !== ':') {
      if (sep.type === 'newline' || sep.type === ',') {
        this.fail(sep, 'Missing attribute value; Expected an attribute value, introduced by an equals sign ("=").');
      } else if (sep.type === 'eof') {
        this.fail(open, unterminated);
      } else if (sep.type === 'ident') {
        this.fail(
          sep,
          'Missing key/value separator; Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
        );
      } else {
        this.fail(
          sep,
          'Missing key/value separator; Expected an equals sign ("=") to mark the beginning of the attribute value.',
        );
      }
      this.recover('}');
      return false;
    }
    this.read();
    if (!this.parseExpression()) {
      this.recover('}');
      return false;
    }
    const next = this.peek();
    if (next.type === '}') return true;
    if (next.type !== ',' && next.type !== 'newline') {
      if (next.type === 'eof') this.fail(open, unterminated);
      else
        this.fail(
          next,
          'Missing attribute separator; Expected a newline or comma to mark the beginning of the next attribute.',
        );
      this.recover('}');
      return false;
    }
    this.read();
    return true;
  }

  private parseFor(close: ']' | '}'): boolean {
    this.read(); // for
    const bad = (token: Token, detail: string): boolean => {
      this.fail(token, `Invalid 'for' expression; ${detail}`);
      if (token.type !== 'eof') this.recover(close);
      return false;
    };
    if (this.peek().type !== 'ident') return bad(this.peek(), "For expression requires variable name after 'for'.");
    this.read();
    if (this.peek().type === ',') {
      this.read();
      if (this.peek().type !== 'ident')
        return bad(this.peek(), 'For expression requires value variable name after comma.');
      this.read();
    }
    if (!this.isKeyword(this.peek(), 'in'))
      return bad(this.peek(), "For expression requires the 'in' keyword after its name declarations.");
    this.read();
    if (!this.parseExpression()) return this.recoverFor(close);
    if (this.peek().type !== ':')
      return bad(this.peek(), 'For expression requires a colon after the collection expression.');
    this.read();
    // As in HCL: one expression, then `=>` makes it the key of a second one.
    const first = this.peek();
    if (!this.parseExpression()) return this.recoverFor(close);
    let valueStart = first;
    const keyEnd = this.tokens[this.pos - 1]!;
    let hasKey = false;
    if (this.peek().type === '=>') {
      this.read();
      hasKey = true;
      valueStart = this.peek();
      if (!this.parseExpression()) return this.recoverFor(close);
    }
    const valueEnd = this.tokens[this.pos - 1]!;
    const ellipsis = this.peek().type === '...' ? this.read() : undefined;
    if (this.isKeyword(this.peek(), 'if')) {
      this.read();
      if (!this.parseExpression()) return this.recoverFor(close);
    }
    const ok =
      this.peek().type === close
        ? this.read() !== undefined
        : bad(this.peek(), "Extra characters after the end of the 'for' expression.");
    // Reported even in recovery, and without entering it, as HCL does.
    if (close === '}' && !hasKey) {
      this.faults.push({
        start: valueStart.start,
        end: valueEnd.end,
        message: "Invalid 'for' expression; Key expression is required when building an object.",
      });
    }
    if (close === ']' && hasKey) {
      this.faults.push({
        start: first.start,
        end: keyEnd.end,
        message: "Invalid 'for' expression; Key expression is not valid when building a tuple.",
      });
    }
    if (close === ']' && ellipsis) {
      this.faults.push({
        start: ellipsis.start,
        end: ellipsis.end,
        message: "Invalid 'for' expression; Grouping ellipsis (...) cannot be used when building a tuple.",
      });
    }
    return ok;
  }

  private recoverFor(close: ']' | '}'): false {
    this.recover(close);
    return false;
  }

  // ---- templates ----------------------------------------------------------

  private parseTemplate(): boolean {
    const open = this.read();
    const quoted = open.type === 'oquote';
    const closer: TokenType = quoted ? 'cquote' : 'cheredoc';
    // HCL names an unclosed interpolation by the template's first token.
    const first = this.tokens[this.pos]!;
    const directives: Token[] = [];
    for (;;) {
      const token = this.readRaw();
      if (token.type === closer) return this.checkDirectivesClosed(directives, token);
      if (token.type === 'eof' || token.type === 'quotedNewline' || token.type === 'invalid') {
        return this.fail(token, 'Unterminated template string; No closing marker was found for the string.');
      }
      if (token.type === 'lit' && quoted) this.reportEscapes(token);
      if (token.type === 'interp' && !this.parseInterpolation(first, quoted)) return false;
      if (token.type === 'control' && !this.parseDirective(token, directives)) return false;
    }
  }

  private parseInterpolation(start: Token, quoted: boolean): boolean {
    return this.withNewlines(false, () => {
      if (!this.parseExpression()) {
        this.recoverTemplateSequence();
        return false;
      }
      const end = this.peek();
      if (end.type === 'tmplEnd') {
        this.read();
        return true;
      }
      this.failInterpolationEnd(start, end, quoted);
      this.recoverTemplateSequence();
      return false;
    });
  }

  /** HCL's explanations for what follows an interpolation's expression instead of `}`. */
  private failInterpolationEnd(start: Token, end: Token, quoted: boolean): void {
    const unclosed =
      'Unclosed template interpolation sequence; There is no closing brace for this interpolation sequence before the end of the';
    const escapeHint =
      'If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".';
    if (end.type === 'eof') {
      this.fail(start, `${unclosed} file. This might be caused by incorrect nesting inside the given expression.`);
    } else if (end.type === ':') {
      this.fail(
        end,
        'Extra characters after interpolation expression; Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
      );
    } else if (quoted && (end.type === 'oquote' || end.type === 'cquote')) {
      this.fail(
        start,
        `${unclosed} quoted template. This might be caused by incorrect nesting inside the given expression.`,
      );
    } else {
      this.fail(
        end,
        `Extra characters after interpolation expression; Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. ${escapeHint}`,
      );
    }
  }

  private parseDirective(start: Token, open: Token[]): boolean {
    return this.withNewlines(false, () => {
      const keyword = this.read();
      const word = keyword.type === 'ident' ? this.text.slice(keyword.start, keyword.end) : '';
      if (keyword.type !== 'ident') {
        return this.fail(
          keyword,
          'Invalid template directive; A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
        );
      }
      if (!DIRECTIVES.includes(word)) {
        return this.fail(
          keyword,
          `Invalid template control keyword; "${word}" is not a valid template control keyword.${didYouMean(suggest(word, DIRECTIVES))}`,
        );
      }
      const introOk = word === 'for' ? this.parseDirectiveForIntro() : word === 'if' ? this.parseExpression() : true;
      if (!introOk) {
        // The template goes on after the broken sequence, as in HCL.
        this.recoverTemplateSequence();
        return true;
      }
      const end = this.peek();
      if (end.type !== 'tmplEnd') {
        this.fail(
          end,
          `Extra characters in ${word} marker; Expected a closing brace to end the sequence, but found extra characters.`,
        );
        this.recoverTemplateSequence();
        return false;
      }
      this.read();
      this.balanceDirective(word, { start: start.start, end: end.end, type: 'control' }, open);
      return true;
    });
  }

  /**
   * Keeps the stack of open `if`/`for` directives. A closing one that does
   * not match is reported even after other errors, as HCL does.
   */
  private balanceDirective(word: string, sequence: Token, open: Token[]): void {
    if (word === 'if' || word === 'for') {
      open.push(sequence);
      return;
    }
    const opener = word === 'endfor' ? 'for' : 'if';
    const top = open[open.length - 1];
    const topWord = top ? this.directiveWord(top) : undefined;
    if (topWord !== opener) {
      const detail = top
        ? `Expecting an end${topWord} directive for the ${topWord} started at ${this.where(top.start, top.end)}.`
        : 'The control directives within this template are unbalanced.';
      this.faults.push({
        start: sequence.start,
        end: sequence.end,
        message: `Unexpected ${word} directive; ${detail}`,
      });
      this.recovery = true;
      return;
    }
    if (word !== 'else') open.pop();
  }

  /** `if`/`for` of an opening directive sequence. */
  private directiveWord(sequence: Token): string {
    const match = /^%\{~?\s*(\w+)/.exec(this.text.slice(sequence.start, sequence.end));
    return match ? match[1]! : '';
  }

  private parseDirectiveForIntro(): boolean {
    if (this.peek().type !== 'ident')
      return this.fail(this.peek(), "Invalid 'for' directive; For directive requires variable name after 'for'.");
    this.read();
    if (this.peek().type === ',') {
      this.read();
      if (this.peek().type !== 'ident')
        return this.fail(
          this.peek(),
          "Invalid 'for' directive; For directive requires value variable name after comma.",
        );
      this.read();
    }
    if (!this.isKeyword(this.peek(), 'in'))
      return this.fail(this.peek(), "Invalid 'for' directive; For directive requires 'in' keyword after names.");
    this.read();
    return this.parseExpression();
  }

  private checkDirectivesClosed(open: Token[], closer: Token): boolean {
    const unclosed = open[open.length - 1];
    if (!unclosed) return true;
    const word = this.directiveWord(unclosed);
    return this.fail(
      closer,
      `Unexpected end of template; The ${word} directive at ${this.where(unclosed.start, unclosed.end)} is missing its corresponding end${word} directive.`,
    );
  }

  /** Skips to the end of the current `${ }` / `%{ }` sequence. */
  private recoverTemplateSequence(): void {
    let depth = 0;
    for (;;) {
      const token = this.readRaw();
      if (token.type === 'eof') return;
      if (token.type === 'interp' || token.type === 'control') depth++;
      if (token.type === 'tmplEnd') {
        if (depth === 0) return;
        depth--;
      }
    }
  }
}

function popTo(stack: TokenType[], targets: TokenType[]): void {
  while (stack.length > 0 && !targets.includes(stack[stack.length - 1]!)) stack.pop();
  if (stack.length > 0) stack.pop();
}
