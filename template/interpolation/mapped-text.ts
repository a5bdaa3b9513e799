/**
 * The text a Go template engine sees, with the source position of every
 * UTF-16 code unit. A string in a template file is written with escapes
 * (`\"` and `\n` in JSON, `$${` in HCL) and may be split by HCL `${ }`
 * interpolations; the Go template works on the decoded text, while the
 * editor needs ranges in the raw source. This map bridges the two.
 */
import type { Position, Range, Syntax, TemplateExpr, TemplateLiteral } from '../model.js';

/**
 * Stands in the decoded text for an HCL `${ }` interpolation, whose value is
 * not known while checking. U+FFFC (object replacement character) is what
 * Unicode reserves for "an object goes here".
 */
export const HOLE = '\uFFFC';

/** Decoded text plus where each of its code units came from. */
export interface MappedText {
  /** The decoded text (what Packer's template engine receives). */
  text: string;
  /** `starts[i]`: source position where the raw text of code unit i begins. */
  starts: Position[];
  /** `ends[i]`: source position just after the raw text of code unit i. */
  ends: Position[];
  /** Source position after the last piece (for ranges at end of text). */
  end: Position;
}

/**
 * Escape dialect of a piece of raw text: `hcl-json` is a string of an HCL
 * JSON file, JSON's backslash escapes and then the template's `$${`/`%%{`.
 */
export type EscapeStyle = 'json' | 'hcl' | 'hcl-heredoc' | 'hcl-json' | 'none';

/** The escape style of a TemplateExpr's literal pieces in a file of `syntax`. */
export function escapeStyleOf(expr: TemplateExpr, syntax: Syntax): EscapeStyle {
  if (syntax === 'json') return 'json';
  if (expr.jsonString) return 'hcl-json';
  return expr.heredoc ? 'hcl-heredoc' : 'hcl';
}

/**
 * Maps a TemplateExpr's text: literal pieces are decoded from their `raw`
 * text, interpolations become one {@link HOLE} spanning `${ … }`.
 */
export function mapTemplateExpr(expr: TemplateExpr, syntax: Syntax): MappedText {
  const style = escapeStyleOf(expr, syntax);
  const out: MappedText = { text: '', starts: [], ends: [], end: expr.range.start };
  for (const part of expr.parts) {
    if (part.kind === 'literal') appendLiteral(out, part, style);
    else appendUnit(out, HOLE, part.range.start, part.range.end);
    out.end = part.range.end;
  }
  return out;
}

/** Maps plain text that has no escapes, starting at `start` (default 0:0). */
export function mapPlainText(text: string, start: Position = { line: 0, character: 0 }): MappedText {
  const out: MappedText = { text: '', starts: [], ends: [], end: start };
  out.end = appendRaw(out, text, start, 'none');
  return out;
}

/** The source range of decoded code units `[from, to)`. */
export function rangeOf(map: MappedText, from: number, to: number): Range {
  const start = from < map.starts.length ? map.starts[from]! : map.end;
  if (to <= from) return { start, end: start };
  const last = Math.min(to, map.ends.length) - 1;
  return { start, end: last >= 0 ? map.ends[last]! : map.end };
}

function appendUnit(out: MappedText, unit: string, start: Position, end: Position): void {
  out.text += unit;
  out.starts.push(start);
  out.ends.push(end);
}

function appendLiteral(out: MappedText, part: TemplateLiteral, style: EscapeStyle): void {
  const decoded: MappedText = { text: '', starts: [], ends: [], end: part.range.start };
  appendRaw(decoded, part.raw, part.range.start, style);
  if (decoded.text === part.value) {
    appendMapped(out, decoded, 0, decoded.text.length);
    return;
  }
  if (alignByDeletion(out, decoded, part.value)) return;
  // The parser's value is not our decoding with characters removed (an
  // escape we do not know): keep its value, mapped onto the raw text as well
  // as a straight walk can, so ranges stay inside the piece.
  const walk = rawPositions(part.raw, part.range.start);
  for (let i = 0; i < part.value.length; i++) {
    const at = Math.min(i, walk.length - 1);
    appendUnit(out, part.value[i]!, walk[at]!, walk[Math.min(at + 1, walk.length - 1)]!);
  }
}

/**
 * HCL removes characters from a literal's decoded text (a `<<-` heredoc's
 * indentation, whitespace before a `~` strip marker): map each kept unit of
 * `value` to the decoded unit it came from. False when `value` is not a
 * subsequence of the decoded text.
 */
function alignByDeletion(out: MappedText, decoded: MappedText, value: string): boolean {
  const picks: number[] = [];
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    while (j < decoded.text.length && decoded.text[j] !== value[i]) j++;
    if (j >= decoded.text.length) return false;
    picks.push(j++);
  }
  for (const pick of picks) appendMapped(out, decoded, pick, pick + 1);
  return true;
}

function appendMapped(out: MappedText, from: MappedText, start: number, end: number): void {
  for (let i = start; i < end; i++) appendUnit(out, from.text[i]!, from.starts[i]!, from.ends[i]!);
}

/** Decodes `raw` into `out`; returns the position after it. */
function appendRaw(out: MappedText, raw: string, start: Position, style: EscapeStyle): Position {
  const walk = rawPositions(raw, start);
  let i = 0;
  while (i < raw.length) {
    const [decoded, length] = decodeAt(raw, i, style);
    for (const unit of splitUnits(decoded)) appendUnit(out, unit, walk[i]!, walk[i + length]!);
    i += length;
  }
  return walk[raw.length]!;
}

/** Each code unit of a decoded escape (so `\U0001F600` gives two). */
function splitUnits(decoded: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < decoded.length; i++) units.push(decoded[i]!);
  return units;
}

/** `walk[i]`: position of raw code unit i; `walk[raw.length]` is the end. */
function rawPositions(raw: string, start: Position): Position[] {
  const walk: Position[] = [];
  let { line, character } = start;
  for (let i = 0; i < raw.length; i++) {
    walk.push({ line, character });
    const c = raw[i];
    // LSP line breaks: \n, \r\n (break after the \n) and a lone \r.
    if (c === '\n' || (c === '\r' && raw[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  walk.push({ line, character });
  return walk;
}

/** Decodes all of `raw`. */
export function decode(raw: string, style: EscapeStyle): string {
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const [decoded, length] = decodeAt(raw, i, style);
    text += decoded;
    i += length;
  }
  return text;
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HCL_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };

/** The decoded text of the escape or character at `i`, and its raw length. */
function decodeAt(raw: string, i: number, style: EscapeStyle): [string, number] {
  const c = raw[i]!;
  if (style === 'none') return [c, 1];
  if (style !== 'json' && (c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
    // HCL `$${` and `%%{` are the literal `${` and `%{`.
    return [`${c}{`, 3];
  }
  if (c !== '\\' || style === 'hcl-heredoc' || i + 1 >= raw.length) return [c, 1];
  const next = raw[i + 1]!;
  const table = style === 'json' || style === 'hcl-json' ? JSON_ESCAPES : HCL_ESCAPES;
  if (table[next] !== undefined) return [table[next]!, 2];
  if (next === 'u') return hexEscape(raw, i, 4);
  if (next === 'U' && style === 'hcl') return hexEscape(raw, i, 8);
  return [c, 1];
}

function hexEscape(raw: string, i: number, digits: number): [string, number] {
  const hex = raw.slice(i + 2, i + 2 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return [raw[i]!, 1];
  const code = parseInt(hex, 16);
  // JSON \uXXXX is one UTF-16 unit (surrogates arrive as two escapes);
  // HCL \U may name any code point.
  const text = digits === 4 ? String.fromCharCode(code) : code <= 0x10ffff ? String.fromCodePoint(code) : raw[i]!;
  return text.length > 0 && text !== raw[i] ? [text, 2 + digits] : [raw[i]!, 1];
}
