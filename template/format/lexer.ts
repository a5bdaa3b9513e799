/**
 * A scanner for HCL native syntax that yields the token stream hclwrite
 * formats: the same token boundaries as hclsyntax's Ragel scanner
 * (scan_tokens.rl), including comments with their newline, heredoc lines as
 * string literals and `${ … }` sequences inside templates. It never throws:
 * what it cannot match becomes an `Invalid` token. It reports no errors:
 * the formatter lays out only text the HCL syntax check accepted.
 */
import { closesHeredoc, numberLiteralEnd } from '../hcl/scanner-rules.js';
import { MULTI_CHAR_TOKENS, SELF_TOKENS, type Token, type TokenType } from './tokens.js';

export interface LexResult {
  /** All tokens, ending with one `EOF` token. */
  tokens: Token[];
  /** Length of the byte-order mark stripped from the start (0 or 1). */
  bomLength: number;
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;
const DIGIT = /[0-9]/;

type Mode = { kind: 'main' } | { kind: 'string' } | { kind: 'heredoc'; marker: string; startOfLine: boolean };

/** Scans a whole configuration file (hclsyntax.LexConfig). */
export function lexHcl(source: string): LexResult {
  return new Scanner(source).run();
}

class Scanner {
  private readonly text: string;
  private readonly bomLength: number;
  private pos = 0;
  private prevEnd: number;
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [{ kind: 'main' }];
  private braces = 0;
  /** Brace depths at which a `}` closes a template sequence instead of an object. */
  private readonly retBraces: number[] = [];

  constructor(source: string) {
    this.bomLength = source.startsWith('\uFEFF') ? 1 : 0;
    this.text = source.slice(this.bomLength);
    // hclwrite counts the BOM's three UTF-8 bytes as "spaces" before the first token.
    this.prevEnd = -3 * this.bomLength;
  }

  run(): LexResult {
    while (this.pos < this.text.length) {
      const mode = this.modes[this.modes.length - 1]!;
      if (mode.kind === 'main') this.scanMain();
      else if (mode.kind === 'string') this.scanString();
      else this.scanHeredoc(mode);
    }
    this.emit('EOF', this.text.length, this.text.length);
    return { tokens: this.tokens, bomLength: this.bomLength };
  }

  private emit(type: TokenType, start: number, end: number): void {
    this.tokens.push({ type, text: this.text.slice(start, end), start, end, spacesBefore: start - this.prevEnd });
    this.prevEnd = end;
    this.pos = end;
  }

  private scanMain(): void {
    const t = this.text;
    const p = this.pos;
    const ch = t[p]!;
    if (ch === ' ' || ch === '\t') {
      this.pos++;
      return;
    }
    if (DIGIT.test(ch)) return this.emit('NumberLit', p, numberLiteralEnd(t, p));
    const cp = String.fromCodePoint(t.codePointAt(p)!);
    if (ID_START.test(cp)) return this.emit('Ident', p, identEnd(t, p));
    if (ch === '#' || t.startsWith('//', p)) return this.emit('Comment', p, lineCommentEnd(t, p));
    if (t.startsWith('/*', p)) return this.scanBlockComment(p);
    if (ch === '\n') return this.emit('Newline', p, p + 1);
    if (t.startsWith('\r\n', p)) return this.emit('Newline', p, p + 2);
    if (ch === '{') {
      this.braces++;
      return this.emit('OBrace', p, p + 1);
    }
    if (ch === '}') return this.closeBrace(p, 1, 'CBrace');
    if (t.startsWith('~}', p)) return this.closeBrace(p, 2, 'TemplateSeqEnd');
    if (ch === '"') {
      this.modes.push({ kind: 'string' });
      return this.emit('OQuote', p, p + 1);
    }
    if (t.startsWith('<<', p) && this.scanHeredocStart(p)) return;
    for (const [op, type] of MULTI_CHAR_TOKENS) {
      if (t.startsWith(op, p)) return this.emit(type, p, p + op.length);
    }
    const self = SELF_TOKENS[ch];
    if (self) return this.emit(self, p, p + 1);
    this.emit('Invalid', p, p + cp.length);
  }

  private scanBlockComment(p: number): void {
    const close = this.text.indexOf('*/', p + 2);
    if (close < 0) {
      // hclsyntax cannot match the comment at all.
      this.emit('Invalid', p, this.text.length);
      return;
    }
    this.emit('Comment', p, close + 2);
  }

  /**
   * `}` closes a template sequence when the brace depth is one a `${`/`%{`
   * opened; otherwise it closes an object or block. `~}` always yields a
   * sequence end, as in hclsyntax, so the parser can complain about it.
   */
  private closeBrace(p: number, length: number, fallback: TokenType): void {
    const closesSequence = this.retBraces.length > 0 && this.retBraces[this.retBraces.length - 1] === this.braces;
    this.braces--;
    if (closesSequence) {
      this.retBraces.pop();
      this.modes.pop();
      this.emit('TemplateSeqEnd', p, p + length);
      return;
    }
    this.emit(fallback, p, p + length);
  }

  /** `<<EOT` or `<<-EOT` followed directly by a newline opens a heredoc. */
  private scanHeredocStart(p: number): boolean {
    const t = this.text;
    let q = p + 2;
    if (t[q] === '-') q++;
    const markerStart = q;
    if (q >= t.length || !ID_START.test(String.fromCodePoint(t.codePointAt(q)!))) return false;
    q = identEnd(t, q);
    const marker = t.slice(markerStart, q);
    let end: number;
    if (t[q] === '\n') end = q + 1;
    else if (t.startsWith('\r\n', q)) end = q + 2;
    else return false;
    this.modes.push({ kind: 'heredoc', marker, startOfLine: true });
    this.emit('OHeredoc', p, end);
    return true;
  }

  private startSequence(p: number, type: 'TemplateInterp' | 'TemplateControl'): void {
    const length = this.text[p + 2] === '~' ? 3 : 2;
    this.braces++;
    this.retBraces.push(this.braces);
    this.modes.push({ kind: 'main' });
    this.emit(type, p, p + length);
  }

  private scanString(): void {
    const t = this.text;
    const p = this.pos;
    if (t.startsWith('${', p)) return this.startSequence(p, 'TemplateInterp');
    if (t.startsWith('%{', p)) return this.startSequence(p, 'TemplateControl');
    if (t[p] === '"') {
      this.modes.pop();
      return this.emit('CQuote', p, p + 1);
    }
    if (t[p] === '\n' || t[p] === '\r') {
      let q = p;
      while (t[q] === '\n' || t[q] === '\r') q++;
      return this.emit('QuotedNewline', p, q);
    }
    const end = quotedLiteralEnd(t, p);
    if (end === p) {
      // A backslash before a newline or at the end of input.
      return this.emit('Invalid', p, p + 1);
    }
    this.emit('QuotedLit', p, end);
  }

  private scanHeredoc(mode: Extract<Mode, { kind: 'heredoc' }>): void {
    const t = this.text;
    const p = this.pos;
    if (t.startsWith('${', p)) {
      mode.startOfLine = false;
      return this.startSequence(p, 'TemplateInterp');
    }
    if (t.startsWith('%{', p)) {
      mode.startOfLine = false;
      return this.startSequence(p, 'TemplateControl');
    }
    const end = heredocLiteralEnd(t, p);
    if (end === p) {
      // A carriage return not followed by a newline: hclsyntax matches nothing here.
      return this.emit('Invalid', p, p + 1);
    }
    const eol = t[end - 1] === '\n';
    if (eol && mode.startOfLine && closesHeredoc(t.slice(p, t[end - 2] === '\r' ? end - 2 : end - 1), mode.marker)) {
      // The closing marker line: marker token, then its newline separately,
      // so the newline still ends the attribute (as hclsyntax does).
      const newlineStart = t[end - 2] === '\r' ? end - 2 : end - 1;
      this.emit('CHeredoc', p, newlineStart);
      this.modes.pop();
      this.emit('Newline', newlineStart, end);
      return;
    }
    mode.startOfLine = eol;
    this.emit('StringLit', p, end);
  }
}

function identEnd(t: string, p: number): number {
  let q = p + String.fromCodePoint(t.codePointAt(p)!).length;
  while (q < t.length) {
    const cp = String.fromCodePoint(t.codePointAt(q)!);
    if (!ID_CONTINUE.test(cp)) break;
    q += cp.length;
  }
  return q;
}

/** `#` and `//` comments run to the end of the line and own its newline. */
function lineCommentEnd(t: string, p: number): number {
  const nl = t.indexOf('\n', p);
  return nl < 0 ? t.length : nl + 1;
}

/**
 * End of a run of literal text in a quoted string: escapes (`\x`), `$$`/`%%`
 * escapes and lone `$`/`%` belong to it; `${`, `%{`, `"` and newlines end it.
 */
function quotedLiteralEnd(t: string, p: number): number {
  let q = p;
  while (q < t.length) {
    const c = t[q]!;
    if (c === '"' || c === '\n' || c === '\r') break;
    if (c === '\\') {
      const next = t[q + 1];
      if (next === undefined || next === '\n' || next === '\r') break;
      q += 2;
      continue;
    }
    if ((c === '$' || c === '%') && t[q + 1] === '{') break;
    if ((c === '$' || c === '%') && t[q + 1] === c && t[q + 2] === '{') {
      q += 3;
      continue;
    }
    q++;
  }
  return q;
}

/** End of heredoc literal text: up to and including the newline, or up to a `${`/`%{`. */
function heredocLiteralEnd(t: string, p: number): number {
  let q = p;
  while (q < t.length) {
    const c = t[q]!;
    if (c === '\n') return q + 1;
    if (c === '\r' && t[q + 1] !== '\n') return q;
    // A sequence ends the literal (the caller starts it: q > p here).
    if ((c === '$' || c === '%') && t[q + 1] === '{') return q;
    if ((c === '$' || c === '%') && t[q + 1] === c && t[q + 2] === '{') {
      q += 3;
      continue;
    }
    q++;
  }
  return q;
}
