/**
 * Tokens of HCL native syntax, as HashiCorp's scanner makes them: the input
 * of {@link checkHclSyntax}, which reproduces HCL's own syntax errors.
 * tree-sitter builds the model; this scanner exists only so that syntax
 * errors carry HCL's explanation at HCL's position.
 *
 * Offsets are UTF-16 code units into the text.
 */

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
  | '{' | '}' | '[' | ']' | '(' | ')'
  | '=' | ',' | '.' | ':' | '::' | '?' | '=>' | '...'
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||' | '!';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
}

type Mode = { kind: 'quoted' } | { kind: 'heredoc'; marker: string } | { kind: 'interp'; depth: number };

const PUNCTUATION: TokenType[] = ['...', '::', '==', '!=', '<=', '>=', '&&', '||', '=>', '{', '}', '[', ']', '(', ')', '=', ',', '.', ':', '?', '+', '-', '*', '/', '%', '<', '>', '!'];
const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_CONTINUE = /[\p{ID_Continue}\-]/u;

/** Scans the whole text; the last token is always `eof`. */
export function scanHcl(text: string): Token[] {
  return new Scanner(text).scan();
}

class Scanner {
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [];
  private i = 0;

  constructor(private readonly text: string) {}

  scan(): Token[] {
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
    if (ch === ' ' || ch === '\t' || ch === '\r') {
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
    if (code < 0x80 ? isAsciiIdentStart(code) : IDENT_START.test(ch)) return this.push('ident', start, this.identEnd(start + ch.length));
    if (code >= 0x30 && code <= 0x39) return this.push('number', start, this.numberEnd(start));
    if (mode?.kind === 'interp' && (ch === '{' || ch === '}')) return this.scanInterpBrace(mode, ch);
    // HCL scans `~}` as one token (a template sequence end with its strip
    // marker), anywhere; any other `~` is its unsupported bitwise NOT.
    if (ch === '~' && text[start + 1] === '}') {
      if (mode?.kind === 'interp' && mode.depth === 0) this.modes.pop();
      return this.push('tmplEnd', start, start + 2);
    }
    if (ch === '~') return this.push('bitwise', start, start + 1);
    const punct = PUNCTUATION.find((p) => text.startsWith(p, start));
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

  private numberEnd(from: number): number {
    const match = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(this.text.slice(from, from + 400));
    return from + (match ? match[0].length : 1);
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
    const match = /^<<-?([\p{ID_Start}_][\p{ID_Continue}\-]*)(\r?\n)/u.exec(this.text.slice(this.i, this.i + 300));
    if (!match) return false;
    this.modes.push({ kind: 'heredoc', marker: match[1]! });
    this.push('oheredoc', this.i, this.i + match[0].length);
    return true;
  }

  private scanTemplate(mode: { kind: 'quoted' } | { kind: 'heredoc'; marker: string }): void {
    const { text } = this;
    const start = this.i;
    if (mode.kind === 'heredoc' && this.atLineStart(start)) {
      const closer = new RegExp(`^[ \\t]*${escapeRegExp(mode.marker)}(?=\\r?\\n|$)`, 'u').exec(text.slice(start, start + 300 + mode.marker.length));
      if (closer) {
        this.modes.pop();
        return this.push('cheredoc', start, start + closer[0].length);
      }
    }
    if (mode.kind === 'quoted' && text[start] === '"') {
      this.modes.pop();
      return this.push('cquote', start, start + 1);
    }
    if (text.startsWith('${', start) || text.startsWith('%{', start)) {
      this.modes.push({ kind: 'interp', depth: 0 });
      // `${~` is one token, strip marker included, as in HCL.
      const width = text[start + 2] === '~' ? 3 : 2;
      return this.push(text[start] === '$' ? 'interp' : 'control', start, start + width);
    }
    if (mode.kind === 'quoted' && text[start] === '\\' && (text[start + 1] === '\n' || text[start + 1] === '\r')) {
      // A backslash at the end of a line escapes nothing: HCL scans it as an invalid character.
      return this.push('invalid', start, start + 1);
    }
    if (mode.kind === 'quoted' && /^\r?\n/.test(text.slice(start, start + 2))) {
      // Consecutive line breaks make one token, as in HCL's scanner.
      const breaks = /^(?:\r?\n)+/.exec(text.slice(start, start + 10_000))![0];
      return this.push('quotedNewline', start, start + breaks.length);
    }
    this.push('lit', start, this.literalEnd(start, mode.kind === 'quoted'));
  }

  private atLineStart(offset: number): boolean {
    return offset === 0 || this.text[offset - 1] === '\n';
  }

  /** End of a literal chunk: before the next marker, quote, or (heredoc) after the newline. */
  private literalEnd(from: number, quoted: boolean): number {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const ch = text[i]!;
      if (quoted && ch === '\\') {
        if (text[i + 1] === '\n' || text[i + 1] === '\r') break;
        i += 2;
        continue;
      }
      if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
        i += 3;
        continue;
      }
      if ((ch === '$' || ch === '%') && text[i + 1] === '{') break;
      if (quoted && (ch === '"' || ch === '\n' || (ch === '\r' && text[i + 1] === '\n'))) break;
      if (!quoted && ch === '\n') return i + 1;
      i++;
    }
    return Math.max(Math.min(i, text.length), from + 1);
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
