/**
 * Better structure for text with syntax errors. tree-sitter's generic error
 * recovery knows nothing of HCL's line structure: `a =` with its value not
 * yet typed swallows the next line's `b = 2` as its value. HCL itself is
 * line-based, so this recovery blanks out the lines where errors are (same
 * length, same line breaks: every offset stays valid), parses again, and
 * puts back what can be read from each blanked line on its own — an
 * attribute name with whatever value it has (an {@link InvalidExpr} over the
 * broken text when it has none), so the editor still knows where it is.
 */
import type { Node } from 'web-tree-sitter';
import type { Attribute, Body, Expr } from '../model.js';
import { comparePositions, rangeContains } from '../text/range.js';
import { convertConfigFile } from './convert-body.js';
import type { ConvertContext } from './convert-context.js';
import { offsetRange } from './convert-context.js';
import { maskLines } from './parser-input.js';

/** Parses a text and hands the root to `use`, freeing the tree afterwards. */
export type TreeParser = <T>(text: string, use: (root: Node) => T) => T;

const MAX_ROUNDS = 4;
const ATTRIBUTE_LINE = /^([ \t]*)([\p{ID_Start}_][\p{ID_Continue}\-]*)[ \t]*=(?![=>])/u;

/** Offsets of the starts of the lines where tree-sitter found ERROR nodes. */
export function errorLineStarts(text: string, root: Node): Set<number> {
  const starts = new Set<number>();
  const visit = (node: Node): void => {
    if (node.isError) {
      starts.add(lineStartOf(text, node.startIndex));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return starts;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
}

/**
 * A body for text whose first parse had errors: the result of parsing with
 * the faulty lines blanked, plus the attributes read from those lines.
 * The lines blanked first are those where HCL's own check found faults
 * (`faultOffsets`, more precise than tree-sitter's ERROR nodes, which often
 * start at the enclosing block's header); failing those, tree-sitter's.
 */
export function recoverStructure(
  ctx: ConvertContext,
  input: string,
  firstErrorLines: Set<number>,
  faultOffsets: number[],
  parse: TreeParser,
): Body {
  const masked = new Set(faultOffsets.map((offset) => lineStartOf(input, offset)));
  if (masked.size === 0) for (const start of firstErrorLines) masked.add(start);
  let body: Body | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const text = maskLines(input, masked);
    const next = parse(text, (root) => ({ body: convertConfigFile(quietContext(ctx), root), errors: errorLineStarts(text, root) }));
    body = next.body;
    const fresh = [...next.errors].filter((start) => !masked.has(start));
    if (fresh.length === 0) break;
    for (const start of fresh) masked.add(start);
  }
  const recovered = body ?? { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
  for (const start of masked) restoreLineAttribute(ctx, input, start, recovered, parse);
  return recovered;
}

/** A context that shares the text but not the diagnostics of the first conversion. */
function quietContext(ctx: ConvertContext): ConvertContext {
  return { ...ctx, diagnostics: [] };
}

/** Puts back the attribute a blanked line defines, if it looks like one. */
function restoreLineAttribute(ctx: ConvertContext, input: string, lineStart: number, body: Body, parse: TreeParser): void {
  const lineEnd = lineEndOf(input, lineStart);
  const match = ATTRIBUTE_LINE.exec(input.slice(lineStart, lineEnd));
  if (!match) return;
  const nameStart = lineStart + match[1]!.length;
  const nameEnd = nameStart + match[2]!.length;
  const target = innermostBody(body, offsetRange(ctx, nameStart, nameStart).start);
  if (target.attributes.some((attribute) => attribute.name === match[2] && comparePositions(attribute.nameRange.start, offsetRange(ctx, nameStart, nameStart).start) === 0)) return;
  const attribute = parseLineAlone(ctx, input, lineStart, lineEnd, parse) ?? brokenAttribute(ctx, input, nameStart, nameEnd, lineStart + match[0].length, lineEnd, match[2]!);
  target.attributes.push(attribute);
  target.attributes.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

function lineEndOf(text: string, lineStart: number): number {
  let end = lineStart;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** The line parsed with everything else blanked: its attribute when that parses cleanly. */
function parseLineAlone(ctx: ConvertContext, input: string, lineStart: number, lineEnd: number, parse: TreeParser): Attribute | undefined {
  const others = [0, ...[...input.matchAll(/\n/g)].map((m) => m.index + 1)].filter((start) => start !== lineStart && start <= input.length);
  const alone = maskLines(input, others);
  return parse(alone, (root) => {
    if (root.hasError) return undefined;
    const body = convertConfigFile(quietContext(ctx), root);
    const attribute = body.attributes[0];
    return attribute && ctx.lines.offsetAt(attribute.range.end) <= lineEnd ? attribute : undefined;
  });
}

/** `name = <what could not be parsed>`: the value is an invalid expression over the rest of the line. */
function brokenAttribute(
  ctx: ConvertContext,
  input: string,
  nameStart: number,
  nameEnd: number,
  afterEquals: number,
  lineEnd: number,
  name: string,
): Attribute {
  let valueStart = afterEquals;
  while (valueStart < lineEnd && /[ \t]/.test(input[valueStart]!)) valueStart++;
  let valueEnd = lineEnd;
  while (valueEnd > valueStart && /[ \t]/.test(input[valueEnd - 1]!)) valueEnd--;
  // Nothing typed yet: the value sits at the end of the line, where the cursor is.
  if (valueStart === valueEnd) valueStart = valueEnd = lineEnd;
  const value: Expr = { type: 'invalid', range: offsetRange(ctx, valueStart, valueEnd) };
  const nameRange = offsetRange(ctx, nameStart, nameEnd);
  return { name, nameRange, value, range: { start: nameRange.start, end: value.range.end } };
}

/** The body of the innermost block holding the position (the file body if none). */
function innermostBody(body: Body, position: { line: number; character: number }): Body {
  for (const block of body.blocks) {
    if (rangeContains(block.body.range, position)) return innermostBody(block.body, position);
  }
  return body;
}
