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
import { convertContext, offsetRange, type ConvertContext } from './convert-context.js';
import { maskLines } from './parser-input.js';
import { syntaxTree } from './syntax-node.js';

/** Parses a text and hands the root to `use`, freeing the tree afterwards (convert it with `syntaxTree`). */
export type TreeParser = <T>(text: string, use: (root: Node) => T) => T;

const MAX_ROUNDS = 4;
const ATTRIBUTE_LINE = /^([ \t]*)([\p{ID_Start}_][\p{ID_Continue}-]*)[ \t]*=(?![=>])/u;

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
  for (let round = 1; round <= MAX_ROUNDS && !body; round++) {
    const text = maskLines(input, masked);
    body = parse(text, (root) => {
      const fresh = [...errorLineStarts(text, root)].filter((start) => !masked.has(start));
      // Convert only the last parse: earlier ones just tell which lines to blank next.
      if (fresh.length > 0 && round < MAX_ROUNDS) {
        for (const start of fresh) masked.add(start);
        return undefined;
      }
      return convertConfigFile(ctx, syntaxTree(root));
    });
  }
  const recovered = body ?? { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
  // Each body is sorted once at the end and its names looked up in a set: thousands of blanked lines stay linear.
  const restored = new Map<Body, Set<string>>();
  for (const start of masked) restoreLineAttribute(ctx, input, start, recovered, parse, restored);
  for (const target of restored.keys())
    target.attributes.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return recovered;
}

/** Where an attribute's name is, as a key (`name@line:character`). */
function nameKey(attribute: Pick<Attribute, 'name' | 'nameRange'>): string {
  return `${attribute.name}@${attribute.nameRange.start.line}:${attribute.nameRange.start.character}`;
}

/** Puts back the attribute a blanked line defines, if it looks like one. */
function restoreLineAttribute(
  ctx: ConvertContext,
  input: string,
  lineStart: number,
  body: Body,
  parse: TreeParser,
  restored: Map<Body, Set<string>>,
): void {
  const lineEnd = lineEndOf(input, lineStart);
  const match = ATTRIBUTE_LINE.exec(input.slice(lineStart, lineEnd));
  if (!match) return;
  const nameStart = lineStart + match[1]!.length;
  const nameEnd = nameStart + match[2]!.length;
  const nameRange = offsetRange(ctx, nameStart, nameEnd);
  const target = innermostBody(body, nameRange.start);
  let names = restored.get(target);
  if (!names) {
    names = new Set(target.attributes.map(nameKey));
    restored.set(target, names);
  }
  const key = nameKey({ name: match[2]!, nameRange });
  if (names.has(key)) return;
  names.add(key);
  const attribute =
    parseLineAlone(ctx, input, lineStart, lineEnd, parse) ??
    brokenAttribute(ctx, input, nameStart, nameEnd, lineStart + match[0].length, lineEnd, match[2]!);
  target.attributes.push(attribute);
}

function lineEndOf(text: string, lineStart: number): number {
  let end = lineStart;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/**
 * The line parsed on its own: its attribute when that parses cleanly. The
 * line is parsed as a one-line text (cheap, whatever the file's size) and
 * the result moved down to the line's place.
 */
function parseLineAlone(
  ctx: ConvertContext,
  input: string,
  lineStart: number,
  lineEnd: number,
  parse: TreeParser,
): Attribute | undefined {
  const lineText = input.slice(lineStart, lineEnd);
  const lineCtx = convertContext(ctx.file, ctx.text.slice(lineStart, lineEnd));
  const attribute = parse(lineText, (root) =>
    root.hasError ? undefined : convertConfigFile(lineCtx, syntaxTree(root)).attributes[0],
  );
  if (!attribute) return undefined;
  shiftLines(attribute, ctx.lines.positionAt(lineStart).line);
  return attribute;
}

/** Adds `lines` to the line of every position inside a converted node. */
function shiftLines(node: object, lines: number, seen = new Set<object>()): void {
  if (seen.has(node)) return;
  seen.add(node);
  const position = node as { line?: unknown; character?: unknown };
  if (typeof position.line === 'number' && typeof position.character === 'number') {
    position.line += lines;
    return;
  }
  for (const child of Object.values(node))
    if (typeof child === 'object' && child !== null) shiftLines(child, lines, seen);
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
