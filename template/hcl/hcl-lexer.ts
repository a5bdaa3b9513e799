/**
 * Tokens of HCL native syntax, as HashiCorp's scanner makes them: the input
 * of {@link checkHclSyntax}, which reproduces HCL's own syntax errors.
 * tree-sitter builds the model; this scanner exists only so that syntax
 * errors carry HCL's explanation at HCL's position.
 *
 * Offsets are UTF-16 code units into the text.
 */
import { closesHeredoc, numberLiteralEnd } from './scanner-rules.js';

export type TokenType =
  | 'ident'
  | 'number'
  | 'oquote'
  | 'cquote'
  | 'lit'
  | 'interp'
  | 'control'
  | 'tmplEnd'
  | 'oheredoc'
  | 'cheredoc'
  | 'newline'
  | 'quotedNewline'
  | 'eof'
  | 'invalid'
  | 'semicolon'
  | 'backtick'
  | 'bitwise'
  | 'apostrophe'
  | '{'
  | '}'
  | '['
  | ']'
  | '('
  | ')'
  | '='
  | ','
  | '.'
  | ':'
  | '::'
  | '?'
  | '=>'
  | '...'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '&&'
  | '||'
  | '!';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
}

type Mode = { kind: 'quoted' } | { kind: 'heredoc'; marker: string } | { kind: 'interp'; depth: number };

const PUNCTUATION: TokenType[] = [
  '...',
  '::',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '=',
  ',',
  '.',
  ':',
  '?',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
];
const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_CONTINUE = /[\p{ID_Continue}-]/u;

export interface ScanOptions {
  /**
   * Whether `::` is a token (namespaced function calls, HCL 2.20 on). The
   * HCL of Packer 1.6.6 scans it as two colons, so `packer fmt` refuses it.
   */
  functionNamespaces?: boolean;
  /**
   * Whether a line break ends a quoted string: one `quotedNewline` token
   * (one break) that closes it. HCL reads on into the next lines; text being
   * typed (completion) recovers at the end of the line instead.
   */
  lineEndsString?: boolean;
}

/** Scans the whole text; the last token is always `eof`. */
export function scanHcl(text: string, options: ScanOptions = {}): Token[] {
  return new Scanner(text, options.functionNamespaces ?? true, options.lineEndsString ?? false).scan();
}

class Scanner {
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [];
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly doubleColon: boolean,
    private readonly lineEndsString: boolean,
  ) {}

  scan(): Token[] {
    // HCL skips a byte-order mark; offsets still count it.
    if (this.text.startsWith('\uFEFF')) this.i = 1;
    while (this.i < this.text.length) {
      const mode = this.modes[this.modes.length - 1];
      if (mode?.kind === 'quoted' || mode?.kind === 'heredoc') this.scanTemplate(mode);
      else this.scanNormal(mode);
    }
    this.push('eof', this.text.length, this.text.length);
    return this.tokens;
  }

  private push(type: TokenType, start: number, end: number): void {
    this.tokens.push({ type, start, end });
    this.i = end;
  }

  private scanNormal(mode: Mode | undefined): void {
    const { text } = this;
    const start = this.i;
    const ch = text[start]!;
    if (ch === '\n') return this.push('newline', start, start + 1);
    if (ch === '\r' && text[start + 1] === '\n') return this.push('newline', start, start + 2);
    // A carriage return without its newline is no space to HCL: it is an invalid character.
    if (ch === ' ' || ch === '\t') {
      // Spaces and tabs in a run at once (the mode cannot change within it).
      let end = start + 1;
      while (text[end] === ' ' || text[end] === '\t') end++;
      this.i = end;
      return;
    }
    if (ch === '#' || text.startsWith('//', start)) return this.skipLineComment();
    if (text.startsWith('/*', start) && this.skipBlockComment()) return;
    if (ch === '"') {
      this.modes.push({ kind: 'quoted' });
      return this.push('oquote', start, start + 1);
    }
    if (text.startsWith('<<', start) && this.scanHeredocOpener()) return;
    const code = ch.charCodeAt(0);
    if (code < 0x80 ? isAsciiIdentStart(code) : IDENT_START.test(ch))
      return this.push('ident', start, this.identEnd(start + ch.length));
    if (code >= 0x30 && code <= 0x39) return this.push('number', start, numberLiteralEnd(text, start));
    if (mode?.kind === 'interp' && (ch === '{' || ch === '}')) return this.scanInterpBrace(mode, ch);
    // HCL scans `~}` as one token (a template sequence end with its strip
    // marker), anywhere; any other `~` is its unsupported bitwise NOT.
    if (ch === '~' && text[start + 1] === '}') {
      if (mode?.kind === 'interp' && mode.depth === 0) this.modes.pop();
      return this.push('tmplEnd', start, start + 2);
    }
    if (ch === '~') return this.push('bitwise', start, start + 1);
    const punct = PUNCTUATION.find((p) => text.startsWith(p, start));
    if (punct === '::' && !this.doubleColon) return this.push(':', start, start + 1);
    if (punct) return this.push(punct, start, start + punct.length);
    if (ch === ';') return this.push('semicolon', start, start + 1);
    if (ch === '`') return this.push('backtick', start, start + 1);
    if (ch === '&' || ch === '|' || ch === '^') return this.push('bitwise', start, start + 1);
    if (ch === "'") return this.push('apostrophe', start, start + 1);
    const width = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    this.push('invalid', start, start + width);
  }

  private scanInterpBrace(mode: { kind: 'interp'; depth: number }, ch: string): void {
    const start = this.i;
    if (ch === '{') {
      mode.depth++;
      return this.push('{', start, start + 1);
    }
    if (mode.depth === 0) {
      this.modes.pop();
      return this.push('tmplEnd', start, start + 1);
    }
    mode.depth--;
    this.push('}', start, start + 1);
  }

  private identEnd(from: number): number {
    const { text } = this;
    let end = from;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code < 0x80) {
        if (!isAsciiIdentContinue(code)) break;
        end++;
        continue;
      }
      const cp = String.fromCodePoint(text.codePointAt(end)!);
      if (!IDENT_CONTINUE.test(cp)) break;
      end += cp.length;
    }
    return end;
  }

  /** A `#` or `//` comment ends its line: HCL scans it, line break included, as the newline. */
  private skipLineComment(): void {
    const start = this.i;
    let end = start;
    while (end < this.text.length && this.text[end] !== '\n') end++;
    if (end < this.text.length) return this.push('newline', start, end + 1);
    this.i = end;
  }

  /** Skips a closed `/* … *\/`; an unclosed one is no comment to HCL (its `/` is a token). */
  private skipBlockComment(): boolean {
    const close = this.text.indexOf('*/', this.i + 2);
    if (close < 0) return false;
    this.i = close + 2;
    return true;
  }

  /** `<<EOF` / `<<-EOF` followed by a newline opens a heredoc; anything else is not one. */
  private scanHeredocOpener(): boolean {
    const match = /^<<-?([\p{ID_Start}_][\p{ID_Continue}-]*)(\r?\n)/u.exec(this.text.slice(this.i, this.i + 300));
    if (!match) return false;
    this.modes.push({ kind: 'heredoc', marker: match[1]! });
    this.push('oheredoc', this.i, this.i + match[0].length);
    return true;
  }

  private scanTemplate(mode: { kind: 'quoted' } | { kind: 'heredoc'; marker: string }): void {
    const { text } = this;
    const start = this.i;
    if (mode.kind === 'heredoc' && this.atLineStart(start)) {
      // The marker line, spaces around the marker included; its line break is a newline token.
      const lineEnd = text.indexOf('\n', start);
      const contentEnd = lineEnd > start && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      if (lineEnd >= 0 && closesHeredoc(text.slice(start, contentEnd), mode.marker)) {
        this.modes.pop();
        return this.push('cheredoc', start, contentEnd);
      }
    }
    if (mode.kind === 'quoted' && text[start] === '"') {
      this.modes.pop();
      return this.push('cquote', start, start + 1);
    }
    const ch = text[start];
    const next = text[start + 1];
    if ((ch === '$' || ch === '%') && next === '{') {
      this.modes.push({ kind: 'interp', depth: 0 });
      // `${~` is one token, strip marker included, as in HCL.
      const width = text[start + 2] === '~' ? 3 : 2;
      return this.push(ch === '$' ? 'interp' : 'control', start, start + width);
    }
    if (
      mode.kind === 'heredoc' &&
      ((ch === '\r' && next !== '\n') || ((ch === '$' || ch === '%') && next === undefined))
    ) {
      // Nothing in HCL's heredoc scanner matches a lone carriage return (or
      // a last `$`): it stops, and the rest of the text is one invalid token.
      return this.push('invalid', start, text.length);
    }
    if (mode.kind === 'quoted' && (ch === '\n' || ch === '\r') && this.lineEndsString) {
      this.modes.pop();
      return this.push('quotedNewline', start, start + (ch === '\r' && next === '\n' ? 2 : 1));
    }
    if (mode.kind === 'quoted' && (ch === '\n' || ch === '\r')) {
      // Consecutive line breaks (a lone carriage return too) make one token, as in HCL's scanner.
      let end = start + 1;
      while (text[end] === '\n' || text[end] === '\r') end++;
      return this.push('quotedNewline', start, end);
    }
    if (
      mode.kind === 'quoted' &&
      (ch === '\\' || ch === '$' || ch === '%') &&
      (next === undefined || (ch === '\\' && (next === '\n' || next === '\r')))
    ) {
      // A backslash escaping nothing, or a `$`/`%` at the very end: HCL scans it as an invalid character.
      return this.push('invalid', start, start + 1);
    }
    this.push('lit', start, this.literalEnd(start, mode.kind === 'quoted'));
  }

  private atLineStart(offset: number): boolean {
    return offset === 0 || this.text[offset - 1] === '\n';
  }

  /**
   * End of a literal chunk: before the next sequence, quote, line break or
   * invalid character (see scanTemplate), or (heredoc) after the newline.
   */
  private literalEnd(from: number, quoted: boolean): number {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const ch = text[i]!;
      const next = text[i + 1];
      if (quoted && ch === '\\') {
        if (next === undefined || next === '\n' || next === '\r') break;
        i += 2;
        continue;
      }
      if (ch === '$' || ch === '%') {
        if (next === ch && text[i + 2] === '{') {
          i += 3;
          continue;
        }
        if (next === '{' || next === undefined) break;
      }
      if (ch === '\r' && (quoted || next !== '\n')) break;
      if (quoted && (ch === '"' || ch === '\n')) break;
      if (!quoted && ch === '\n') return i + 1;
      i++;
    }
    return Math.max(i, from + 1);
  }
}

/** `[\p{ID_Start}_]` for ASCII: letters and `_`. */
function isAsciiIdentStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

/** `[\p{ID_Continue}\-]` for ASCII: letters, digits, `_` and `-`. */
function isAsciiIdentContinue(code: number): boolean {
  return isAsciiIdentStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}
