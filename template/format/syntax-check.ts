/**
 * A recursive-descent check of HCL native syntax over the formatter's
 * tokens, following hclsyntax's parser: it finds the syntax errors that make
 * `packer fmt` refuse a file (missing newlines after arguments, unclosed
 * brackets, bad expressions, redefined attributes, …). It builds no tree:
 * the formatter only needs to know whether, and where, the file is broken.
 */
import type { LexError } from './lexer.js';
import type { Token, TokenType } from './tokens.js';

/** Messages for tokens the scanner knows but the grammar never accepts. */
const UNSUPPORTED: Partial<Record<TokenType, string>> = {
  BitwiseAnd: 'Unsupported operator: bitwise operators are not supported; did you mean "&&"?',
  BitwiseOr: 'Unsupported operator: bitwise operators are not supported; did you mean "||"?',
  BitwiseNot: 'Unsupported operator: bitwise operators are not supported; did you mean "!"?',
  BitwiseXor: 'Unsupported operator: bitwise operators are not supported.',
  Apostrophe: 'Invalid character: single quotes are not valid; use double quotes (") to enclose strings.',
  Backtick: 'Invalid character: the backtick is not valid in HCL.',
  Semicolon: 'Invalid character: the semicolon is not valid; use a newline to end an argument.',
};

const BINARY_LEVELS: ReadonlyArray<ReadonlySet<TokenType>> = [
  new Set<TokenType>(['Or']),
  new Set<TokenType>(['And']),
  new Set<TokenType>(['EqualOp', 'NotEqual']),
  new Set<TokenType>(['GreaterThan', 'GreaterThanEq', 'LessThan', 'LessThanEq']),
  new Set<TokenType>(['Plus', 'Minus']),
  new Set<TokenType>(['Star', 'Slash', 'Percent']),
];

/** The first fault found; parsing stops there, as hclsyntax recovery is not needed to refuse a file. */
class HclSyntaxError extends Error {
  constructor(readonly at: Token, message: string) {
    super(message);
  }
}

/** Returns the first syntax error of a token stream, or undefined when it parses. */
export function checkSyntax(tokens: Token[]): LexError | undefined {
  const unsupported = tokens.find((t) => UNSUPPORTED[t.type]);
  try {
    new Parser(tokens).parseFile();
  } catch (err) {
    if (err instanceof RangeError) {
      // Thousands of nested brackets exhaust the stack; say so rather than crash.
      return { start: 0, end: 0, message: 'Expressions are nested too deeply to check (more than about a thousand levels).' };
    }
    if (!(err instanceof HclSyntaxError)) throw err;
    // A bitwise operator or quote before the fault is the better explanation.
    const first = unsupported && unsupported.start <= err.at.start ? unsupported : undefined;
    if (first) return { start: first.start, end: first.end, message: UNSUPPORTED[first.type]! };
    return { start: err.at.start, end: Math.max(err.at.end, err.at.start), message: err.message };
  }
  return undefined;
}

class Parser {
  private i = 0;
  /** Whether newlines are significant here: true in bodies, false inside brackets. */
  private readonly newlines: boolean[] = [true];

  constructor(private readonly tokens: Token[]) {}

  parseFile(): void {
    this.parseBody('EOF');
    this.expect('EOF', 'Argument or block definition required: an argument or block definition is expected here.');
  }

  /* ---------------- token access ---------------- */

  /** Index of the next significant token: block comments are skipped, and so are newlines inside brackets. */
  private peekIndex(): number {
    const significant = this.newlines[this.newlines.length - 1]!;
    for (let j = this.i; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      if (t.type === 'Comment' && !(significant && t.text.endsWith('\n'))) continue;
      if (t.type === 'Newline' && !significant) continue;
      return j;
    }
    return this.tokens.length - 1;
  }

  /** The next significant token; a line comment owns its newline, so where newlines matter it counts as one. */
  private peek(): Token {
    const t = this.tokens[this.peekIndex()]!;
    return t.type === 'Comment' ? { ...t, type: 'Newline' } : t;
  }

  private next(): Token {
    const t = this.peek();
    this.i = this.peekIndex() + 1;
    return t;
  }

  private at(type: TokenType): boolean {
    return this.peek().type === type;
  }

  private expect(type: TokenType, message: string): Token {
    if (!this.at(type)) throw new HclSyntaxError(this.peek(), message);
    return this.next();
  }

  private withNewlines<T>(significant: boolean, body: () => T): T {
    this.newlines.push(significant);
    try {
      return body();
    } finally {
      this.newlines.pop();
    }
  }

  /* ---------------- structure ---------------- */

  /** Attributes and blocks up to `end`; `open` is the brace an unclosed block is reported at. */
  private parseBody(end: TokenType, open?: Token): void {
    const attributes = new Set<string>();
    for (;;) {
      const t = this.peek();
      if (t.type === end) return;
      if (t.type === 'EOF') throw new HclSyntaxError(open ?? t, 'Unclosed configuration block: there is no closing brace "}" for this block before the end of the file.');
      if (t.type === 'Newline') {
        this.next();
        continue;
      }
      if (t.type !== 'Ident') {
        throw new HclSyntaxError(t, end === 'EOF'
          ? 'Argument or block definition required: an argument or block definition is expected here.'
          : 'Argument or block definition required, or a closing brace "}" to end the block.');
      }
      this.next();
      if (this.at('Equal')) {
        if (attributes.has(t.text)) throw new HclSyntaxError(t, `Attribute redefined: the argument "${t.text}" was already set in this body.`);
        attributes.add(t.text);
        this.next();
        this.parseExpression();
        this.endOfItem('Missing newline after argument: an argument definition must end with a newline.');
      } else {
        this.parseBlockRest();
        this.endOfItem('Missing newline after block definition: a block definition must end with a newline.');
      }
    }
  }

  private endOfItem(message: string): void {
    const t = this.peek();
    if (t.type === 'Newline') this.next();
    else if (t.type !== 'EOF') throw new HclSyntaxError(t, message);
  }

  /** After the block type: labels, `{`, then a multi-line body or a single-line one. */
  private parseBlockRest(): void {
    for (;;) {
      const t = this.peek();
      if (t.type === 'OBrace') break;
      if (t.type === 'Ident') this.next();
      else if (t.type === 'OQuote') this.parseLabelString();
      else if (t.type === 'Equal' || t.type === 'Newline' || t.type === 'EOF') {
        throw new HclSyntaxError(t, 'Invalid block definition: a block needs an opening brace "{" after its type and labels (or is this an argument missing "="?).');
      } else {
        throw new HclSyntaxError(t, 'Invalid block definition: block labels must be quoted strings or identifiers, followed by "{".');
      }
    }
    const open = this.next();
    if (this.at('Newline')) {
      this.parseBody('CBrace', open);
      this.expect('CBrace', 'Unclosed configuration block: there is no closing brace "}" for this block.');
      return;
    }
    this.parseSingleLineBody();
  }

  /** `name { }` or `name { attr = value }`: at most one argument, no nested block. */
  private parseSingleLineBody(): void {
    if (this.at('CBrace')) {
      this.next();
      return;
    }
    this.expect('Ident', 'Invalid single-argument block definition: a single-line block holds one argument ("name { attr = value }").');
    this.expect('Equal', 'Invalid single-argument block definition: a single-line block cannot contain another block.');
    this.parseExpression();
    this.expect('CBrace', 'Invalid single-argument block definition: a single-line block ends with "}" after its one argument.');
  }

  private parseLabelString(): void {
    this.next();
    for (;;) {
      const t = this.next();
      if (t.type === 'CQuote') return;
      if (t.type !== 'QuotedLit') throw new HclSyntaxError(t, 'Invalid block label: block labels cannot contain template sequences.');
      checkEscapes(t);
    }
  }

  /* ---------------- expressions ---------------- */

  private parseExpression(): void {
    this.parseBinary(0);
    if (!this.at('Question')) return;
    this.next();
    this.parseExpression();
    this.expect('Colon', 'Missing false expression in conditional: ":" and a value are expected after the true result.');
    this.parseExpression();
  }

  private parseBinary(level: number): void {
    if (level >= BINARY_LEVELS.length) return this.parseUnary();
    this.parseBinary(level + 1);
    while (BINARY_LEVELS[level]!.has(this.peek().type)) {
      this.next();
      this.parseBinary(level + 1);
    }
  }

  private parseUnary(): void {
    if (this.at('Minus') || this.at('Bang')) {
      this.next();
      return this.parseUnary();
    }
    this.parsePrimary();
    this.parsePostfix();
  }

  private parsePrimary(): void {
    const t = this.peek();
    switch (t.type) {
      case 'NumberLit':
        this.next();
        return;
      case 'Ident':
        this.next();
        if (this.at('OParen')) this.parseCallArgs();
        return;
      case 'OParen':
        this.next();
        this.withNewlines(false, () => {
          this.parseExpression();
          this.expect('CParen', 'Unbalanced parentheses: a closing ")" is expected here.');
        });
        return;
      case 'OBrack':
        return this.parseTuple();
      case 'OBrace':
        return this.parseObject();
      case 'OQuote':
        return this.parseQuotedTemplate();
      case 'OHeredoc':
        this.next();
        this.parseTemplateParts('CHeredoc');
        this.next();
        return;
      default:
        throw new HclSyntaxError(t, 'Invalid expression: an expression is expected here.');
    }
  }

  /** Attribute access, index, legacy `.0` index and splats after a value. */
  private parsePostfix(): void {
    for (;;) {
      if (this.at('Dot')) {
        this.next();
        const t = this.next();
        if (t.type !== 'Ident' && t.type !== 'NumberLit' && t.type !== 'Star') {
          throw new HclSyntaxError(t, 'Invalid attribute name: an attribute name is expected after ".".');
        }
      } else if (this.at('OBrack')) {
        this.next();
        this.withNewlines(false, () => {
          if (this.at('Star')) this.next();
          else this.parseExpression();
          this.expect('CBrack', 'Missing close bracket on index: "]" is expected here.');
        });
      } else {
        return;
      }
    }
  }

  private parseCallArgs(): void {
    this.next();
    this.withNewlines(false, () => {
      while (!this.at('CParen')) {
        this.parseExpression();
        if (this.at('Ellipsis')) {
          this.next();
          break;
        }
        if (!this.at('Comma')) break;
        this.next();
      }
      this.expect('CParen', 'Missing end of function call: a "," or ")" is expected here.');
    });
  }

  private parseTuple(): void {
    this.next();
    this.withNewlines(false, () => {
      if (this.isFor()) this.parseForRest('CBrack');
      else this.parseTupleItems();
      this.expect('CBrack', 'Missing item separator: a "," or "]" is expected here.');
    });
  }

  private parseTupleItems(): void {
    while (!this.at('CBrack')) {
      this.parseExpression();
      if (!this.at('Comma')) return;
      this.next();
    }
  }

  /** Object items end at a comma or a newline; keys are followed by `=` or `:`. */
  private parseObject(): void {
    this.next();
    if (this.withNewlines(false, () => this.isFor())) {
      this.withNewlines(false, () => this.parseForRest('CBrace'));
      this.withNewlines(false, () => this.expect('CBrace', 'Missing closing brace: "}" is expected here.'));
      return;
    }
    this.withNewlines(true, () => {
      for (;;) {
        while (this.at('Newline')) this.next();
        if (this.at('CBrace')) break;
        // Newlines stay significant in keys and values (outside nested brackets), as in hclsyntax.
        this.parseExpression();
        if (!this.at('Equal') && !this.at('Colon')) {
          throw new HclSyntaxError(this.peek(), 'Missing key/value separator: an "=" is expected after the key.');
        }
        this.next();
        this.parseExpression();
        const sep = this.peek();
        if (sep.type === 'Comma' || sep.type === 'Newline') this.next();
        else if (sep.type !== 'CBrace') throw new HclSyntaxError(sep, 'Missing attribute separator: a newline or "," is expected after an object item.');
      }
    });
    this.expect('CBrace', 'Missing closing brace: "}" is expected here.');
  }

  private isFor(): boolean {
    const t = this.peek();
    return t.type === 'Ident' && t.text === 'for';
  }

  /** `for k, v in coll : value [if cond]`, with `key => value [...]` for objects. */
  private parseForRest(close: 'CBrack' | 'CBrace'): void {
    this.next();
    this.expect('Ident', 'Invalid "for" expression: an iterator variable name is expected after "for".');
    if (this.at('Comma')) {
      this.next();
      this.expect('Ident', 'Invalid "for" expression: a second iterator variable name is expected after ",".');
    }
    const inKw = this.peek();
    if (inKw.type !== 'Ident' || inKw.text !== 'in') throw new HclSyntaxError(inKw, 'Invalid "for" expression: the "in" keyword is expected after the iterator names.');
    this.next();
    this.parseExpression();
    this.expect('Colon', 'Invalid "for" expression: a colon is expected after the collection.');
    this.parseExpression();
    if (close === 'CBrace') {
      this.expect('FatArrow', 'Invalid "for" expression: "=>" is expected between key and value in an object "for".');
      this.parseExpression();
      if (this.at('Ellipsis')) this.next();
    }
    const ifKw = this.peek();
    if (ifKw.type === 'Ident' && ifKw.text === 'if') {
      this.next();
      this.parseExpression();
    }
  }

  /* ---------------- templates ---------------- */

  private parseQuotedTemplate(): void {
    this.next();
    this.parseTemplateParts('CQuote');
    this.next();
  }

  /** Literal text, `${ expr }` and `%{ directive }` up to the closing token, with directives properly nested. */
  private parseTemplateParts(close: 'CQuote' | 'CHeredoc'): void {
    const open: string[] = [];
    for (;;) {
      const t = this.tokens[this.i]!;
      if (t.type === close) break;
      if (t.type === 'QuotedLit' || t.type === 'StringLit') {
        // Heredocs take backslashes literally; quoted strings must use valid escapes.
        if (t.type === 'QuotedLit') checkEscapes(t);
        this.i++;
      } else if (t.type === 'TemplateInterp') {
        this.i++;
        this.withNewlines(false, () => this.parseExpression());
        this.withNewlines(false, () => this.expect('TemplateSeqEnd', 'Extra characters after interpolation expression: "}" is expected here.'));
      } else if (t.type === 'TemplateControl') {
        this.i++;
        this.withNewlines(false, () => this.parseDirective(open));
      } else {
        throw new HclSyntaxError(t, close === 'CQuote' ? 'Unterminated template string: the closing quote is missing.' : 'Unterminated heredoc template.');
      }
    }
    if (open.length > 0) throw new HclSyntaxError(this.tokens[this.i]!, `Unterminated template directive: the "${open[open.length - 1]}" is never closed.`);
  }

  private parseDirective(open: string[]): void {
    const kw = this.expect('Ident', 'Invalid template directive: "if", "else", "endif", "for" or "endfor" is expected.');
    const top = open[open.length - 1];
    switch (kw.text) {
      case 'if':
        this.parseExpression();
        open.push('if');
        break;
      case 'else':
        if (top !== 'if') throw new HclSyntaxError(kw, 'Unexpected "else" directive: there is no "if" to pair it with.');
        open[open.length - 1] = 'else';
        break;
      case 'endif':
        if (top !== 'if' && top !== 'else') throw new HclSyntaxError(kw, 'Unexpected "endif" directive: there is no open "if".');
        open.pop();
        break;
      case 'for':
        this.expect('Ident', 'Invalid "for" directive: an iterator variable name is expected.');
        if (this.at('Comma')) {
          this.next();
          this.expect('Ident', 'Invalid "for" directive: a second iterator variable name is expected.');
        }
        if (this.peek().text !== 'in') throw new HclSyntaxError(this.peek(), 'Invalid "for" directive: the "in" keyword is expected.');
        this.next();
        this.parseExpression();
        open.push('for');
        break;
      case 'endfor':
        if (top !== 'for') throw new HclSyntaxError(kw, 'Unexpected "endfor" directive: there is no open "for".');
        open.pop();
        break;
      default:
        throw new HclSyntaxError(kw, `Invalid template directive: "${kw.text}" is not a directive; use if, else, endif, for or endfor.`);
    }
    this.expect('TemplateSeqEnd', 'Extra characters in template directive: "}" is expected here.');
  }
}

const SIMPLE_ESCAPES = new Set(['n', 'r', 't', '"', '\\']);

/**
 * Quoted strings accept `\n \r \t \" \\`, `\uXXXX` and `\UXXXXXXXX`;
 * anything else after a backslash is a syntax error in hclsyntax.
 */
function checkEscapes(token: Token): void {
  const text = token.text;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i)) {
    const selector = text[i + 1] ?? '';
    const at: Token = { ...token, start: token.start + i, end: token.start + i + 2 };
    if (selector === 'u' || selector === 'U') {
      const digits = selector === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) {
        throw new HclSyntaxError(at, `Invalid escape sequence: \\${selector} must be followed by ${digits} hexadecimal digits.`);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new HclSyntaxError(at, `Invalid escape sequence: \\${selector}${hex} is not a valid Unicode character.`);
      }
      i += 2 + digits;
    } else if (SIMPLE_ESCAPES.has(selector)) {
      i += 2;
    } else {
      throw new HclSyntaxError(at, `Invalid escape sequence: "${selector}" is not a valid escape sequence selector; use \\\\ for a backslash.`);
    }
  }
}
