/**
 * HCL text held inside another syntax: the strings of an HCL JSON file
 * (`*.pkr.json`) are HCL templates (`"${var.x}-%{ if c }a%{ endif }"`), and a
 * few of them native expressions (a variable's `type`). HCL parses the
 * decoded string (hcl json/structure.go hands it to hclsyntax); here the
 * same parser as for `.pkr.hcl` reads it, wrapped as an attribute, and every
 * range of the result is carried back through the caller's offset map into
 * the file — escapes included, which HCL's own positions do not account for.
 */
import type { Diagnostic, Expr, Position, Range, TemplateExpr, TemplatePart } from '../model.js';
import { LineIndex } from '../text/line-index.js';
import { parseHcl } from './parse-hcl.js';

/** Decoded text and where it sits in its file. */
export interface EmbeddedText {
  /** The file the text is part of (for diagnostics). */
  file: string;
  /** The whole file's line index (source offsets → positions). */
  lines: LineIndex;
  /** The decoded text HCL reads. */
  text: string;
  /** Source offset of each decoded code unit, plus one entry for the end (`text.length + 1` entries). */
  offsets: readonly number[];
}

export interface EmbeddedResult<E extends Expr> {
  expr: E;
  /** HCL's syntax errors in the text, placed in the file. */
  diagnostics: Diagnostic[];
}

/**
 * Parses text as a standalone HCL template (what hclsyntax.ParseTemplate
 * reads: `${ }` and `%{ }` sequences, `$${`/`%%{` escapes, no backslash
 * escapes). It is read as the body of a heredoc, which is the same template
 * mode, so literal pieces keep HCL's decoding and strip markers.
 */
export function parseEmbeddedTemplate(embedded: EmbeddedText): EmbeddedResult<TemplateExpr> {
  const delimiter = uniqueDelimiter([embedded.text]);
  const prefix = `v = <<${delimiter}\n`;
  const wrapped = `${prefix}${embedded.text}\n${delimiter}\n`;
  const parsed = parseHcl(embedded.file, wrapped);
  const map = new RangeMap(embedded, new LineIndex(wrapped), prefix.length);
  const diagnostics = parsed.diagnostics.map((d) => ({ ...d, file: embedded.file, range: map.range(d.range) }));
  const attribute = parsed.body.attributes.length === 1 ? parsed.body.attributes[0] : undefined;
  return { expr: templateOf(embedded, attribute?.name === 'v' ? attribute.value : undefined, map), diagnostics };
}

/**
 * Parses many texts of one file as templates with one parse: each the body
 * of a heredoc attribute of one wrapped text (a parse costs mostly its
 * set-up, and a file has many strings). When that text has any syntax
 * error, each is parsed alone, so each error is HCL's for its own string
 * (HCL reports the first error of a parse only) and no string's fault
 * spills into the next.
 */
export function parseEmbeddedTemplates(texts: readonly EmbeddedText[]): Array<EmbeddedResult<TemplateExpr>> {
  const [first] = texts;
  if (!first) return [];
  const delimiter = uniqueDelimiter(texts.map((t) => t.text));
  const starts: number[] = [];
  let wrapped = '';
  texts.forEach((embedded, i) => {
    wrapped += `v${i} = <<${delimiter}\n`;
    starts.push(wrapped.length);
    wrapped += `${embedded.text}\n${delimiter}\n`;
  });
  const parsed = parseHcl(first.file, wrapped);
  const attributes = parsed.body.attributes;
  const whole = attributes.length === texts.length && attributes.every((a, i) => a.name === `v${i}`);
  if (parsed.diagnostics.length > 0 || !whole) return texts.map(parseEmbeddedTemplate);
  const lines = new LineIndex(wrapped);
  return texts.map((embedded, i) => ({
    expr: templateOf(embedded, attributes[i]!.value, new RangeMap(embedded, lines, starts[i]!)),
    diagnostics: [],
  }));
}

/** A parsed heredoc as the embedded text's template, its ranges in the file. */
function templateOf(embedded: EmbeddedText, expr: Expr | undefined, map: RangeMap): TemplateExpr {
  const whole = wholeRange(embedded);
  if (expr?.type !== 'template') return literalTemplate(embedded, whole);
  const parts = withoutClosingNewline(expr.parts, map.textStart + embedded.text.length, map.wrapped);
  return { type: 'template', parts: parts.map((p) => map.part(p)), range: whole };
}

/** Parses text as one native HCL expression (hclsyntax.ParseExpression: `list(string)`, `iterator_name`). */
export function parseEmbeddedExpression(embedded: EmbeddedText): EmbeddedResult<Expr> {
  const prefix = 'v = ';
  const wrapped = `${prefix}${embedded.text}\n`;
  const parsed = parseHcl(embedded.file, wrapped);
  const map = new RangeMap(embedded, new LineIndex(wrapped), prefix.length);
  const diagnostics = parsed.diagnostics.map((d) => ({ ...d, file: embedded.file, range: map.range(d.range) }));
  const attribute = parsed.body.attributes.length === 1 ? parsed.body.attributes[0] : undefined;
  const expr = attribute?.name === 'v' ? map.expr(attribute.value) : undefined;
  return { expr: expr ?? { type: 'invalid', range: wholeRange(embedded) }, diagnostics };
}

/**
 * The heredoc adds a line break after the text: the last literal piece
 * loses it (or goes, when it was all it held). Only a piece that reaches
 * past the text has it.
 */
function withoutClosingNewline(parts: TemplatePart[], textEnd: number, wrapped: LineIndex): TemplatePart[] {
  const last = parts[parts.length - 1];
  if (last?.kind !== 'literal' || wrapped.offsetAt(last.range.end) <= textEnd || !last.value.endsWith('\n'))
    return parts;
  const value = last.value.slice(0, -1);
  if (value === '' && wrapped.offsetAt(last.range.start) >= textEnd) return parts.slice(0, -1);
  return [...parts.slice(0, -1), { ...last, value }];
}

/** Ranges of the wrapped text → ranges in the file. */
class RangeMap {
  constructor(
    private readonly embedded: EmbeddedText,
    readonly wrapped: LineIndex,
    /** Where the embedded text starts in the wrapped text. */
    readonly textStart: number,
  ) {}

  /** Source offset of a position of the wrapped text (clamped to the embedded text). */
  sourceOffset(position: Position): number {
    const decoded = this.wrapped.offsetAt(position) - this.textStart;
    const { offsets } = this.embedded;
    return offsets[Math.max(0, Math.min(decoded, offsets.length - 1))]!;
  }

  range(range: Range): Range {
    return this.embedded.lines.rangeOf(this.sourceOffset(range.start), this.sourceOffset(range.end));
  }

  /** A literal piece keeps HCL's decoded value; its raw text is the file's, escapes as written. */
  part(part: TemplatePart): TemplatePart {
    if (part.kind === 'interpolation')
      return { kind: 'interpolation', expr: this.expr(part.expr), range: this.range(part.range) };
    const start = this.sourceOffset(part.range.start);
    const end = this.sourceOffset(part.range.end);
    return {
      kind: 'literal',
      value: part.value,
      raw: this.embedded.lines.text.slice(start, end),
      range: this.embedded.lines.rangeOf(start, end),
    };
  }

  /**
   * Every range of an expression, at any depth. The model is plain data in
   * which a range is the only object with `start` and `end` positions, so a
   * structural walk reaches every one (new node kinds included).
   */
  expr<E extends Expr>(expr: E): E {
    return this.walk(expr) as E;
  }

  private walk(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((item) => this.walk(item));
    if (node === null || typeof node !== 'object') return node;
    if (isRange(node)) return this.range(node);
    const record = node as Record<string, unknown>;
    if (record.kind === 'literal' && typeof record.raw === 'string' && isRange(record.range))
      return this.part(record as unknown as TemplatePart);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) out[key] = this.walk(value);
    return out;
  }
}

function isRange(value: unknown): value is Range {
  if (value === null || typeof value !== 'object') return false;
  const { start, end } = value as Partial<Range>;
  return isPosition(start) && isPosition(end);
}

function isPosition(value: unknown): value is Position {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Position).line === 'number' &&
    typeof (value as Position).character === 'number'
  );
}

/** The embedded text's whole span in the file. */
function wholeRange(embedded: EmbeddedText): Range {
  const { offsets } = embedded;
  return embedded.lines.rangeOf(offsets[0]!, offsets[offsets.length - 1]!);
}

/** What an unreadable text still is: its literal characters. */
function literalTemplate(embedded: EmbeddedText, range: Range): TemplateExpr {
  const { offsets } = embedded;
  const raw = embedded.lines.text.slice(offsets[0]!, offsets[offsets.length - 1]!);
  return { type: 'template', parts: [{ kind: 'literal', value: embedded.text, raw, range }], range };
}

/** A heredoc delimiter that is in none of the texts. */
function uniqueDelimiter(texts: readonly string[]): string {
  let delimiter = 'JSON_STRING';
  while (texts.some((text) => text.includes(delimiter))) delimiter += '_';
  return delimiter;
}
