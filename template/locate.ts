/**
 * What is at a position of a parsed file: the chain of blocks, the
 * attribute, the expressions and the piece of string text around it. The
 * language server's completion, hover and definition start here; the same
 * shapes come from HCL and JSON files, so it serves both syntaxes.
 *
 * Containment rules (chosen for an editor's cursor):
 * - a block holds positions from its first character up to, not including,
 *   the end of its closing brace (a cursor after `}` is outside); in JSON
 *   syntax its type and outer label keys come before it, and a position on
 *   one of them is on that block's header;
 * - attributes, expressions and literal string pieces hold their end too, so
 *   `var.x|` and `"abc|"` are inside what was just typed;
 * - an interpolation `${…}` holds only positions strictly inside it, so a
 *   cursor just before `${` or just after `}` is in the literal text.
 */
import { childExprs } from './hcl/expr-walk.js';
import type {
  Attribute,
  Block,
  Body,
  Expr,
  ObjectExpr,
  ObjectItem,
  ParsedFile,
  Position,
  Range,
  TemplateExpr,
  TemplateInterpolation,
  TemplateLiteral,
} from './model.js';
import { comparePositions, rangeContains } from './text/range.js';

/** Where a position is on a block's header. */
export type HeaderPart = { part: 'type' } | { part: 'label'; index: number };

/** A literal piece of a string and the cursor's offset inside its raw text. */
export interface TemplateTextLocation {
  template: TemplateExpr;
  part: TemplateLiteral;
  /** UTF-16 offset of the position inside `part.raw` (0 = its first character). */
  offset: number;
}

/** An object item around the position, and which side of it the position is on. */
export interface ObjectItemLocation {
  object: ObjectExpr;
  item: ObjectItem;
  /** `separator` = between the key and the value (on `=` or `:`). */
  side: 'key' | 'value' | 'separator';
}

export interface Location {
  position: Position;
  /** Blocks containing the position, outermost first. */
  blocks: Block[];
  /** The body the position is directly in: the innermost block's, or the file's. */
  body: Body;
  /** Set when the position is on the innermost block's header (type or a label). */
  header?: HeaderPart;
  /** The attribute of `body` containing the position. */
  attribute?: Attribute;
  /** On the attribute's name, or anywhere after it (the `=` and the value). */
  attributePart?: 'name' | 'value';
  /** Expressions containing the position, outermost (the attribute value) first. */
  exprs: Expr[];
  /** The innermost expression containing the position (last of `exprs`). */
  expr?: Expr;
  /** The innermost `${…}` (or directive) holding the position, if any. */
  interpolation?: TemplateInterpolation;
  /** The literal string piece containing the position, if any. */
  text?: TemplateTextLocation;
  /** The innermost object item containing the position, if any. */
  objectItem?: ObjectItemLocation;
}

/** Locates `position` in a parsed file (HCL or JSON). */
export function locate(file: ParsedFile, position: Position): Location {
  const location: Location = { position, blocks: [], body: file.body, exprs: [] };
  let body = file.body;
  for (;;) {
    const block = body.blocks.find((candidate) => blockHolds(candidate, position));
    if (!block) {
      // In JSON syntax a block's type and outer labels are keys written before its header, outside its range.
      const named = body.blocks.find((candidate) => headerPart(candidate, position));
      if (!named) break;
      location.blocks.push(named);
      location.header = headerPart(named, position);
      return location;
    }
    location.blocks.push(block);
    if (!rangeContains(block.body.range, position)) {
      const header = headerPart(block, position);
      if (header) location.header = header;
      return location;
    }
    body = block.body;
  }
  location.body = body;
  // The last one: after a syntax error an unclosed value may overlap the attributes recovered after it.
  const attribute = body.attributes.findLast((candidate) => rangeContains(candidate.range, position));
  if (!attribute) return location;
  location.attribute = attribute;
  location.attributePart = rangeContains(attribute.nameRange, position) ? 'name' : 'value';
  if (location.attributePart === 'value') descend(attribute.value, position, location);
  return location;
}

function blockHolds(block: Block, position: Position): boolean {
  return comparePositions(block.range.start, position) <= 0 && comparePositions(position, block.range.end) < 0;
}

function headerPart(block: Block, position: Position): HeaderPart | undefined {
  if (rangeContains(block.typeRange, position)) return { part: 'type' };
  const index = block.labels.findIndex((label) => rangeContains(label.range, position));
  return index >= 0 ? { part: 'label', index } : undefined;
}

/** Follows the innermost expressions containing the position. */
function descend(expr: Expr, position: Position, location: Location): void {
  let current: Expr | undefined = expr;
  while (current && rangeContains(current.range, position)) {
    location.exprs.push(current);
    location.expr = current;
    current = innerExpr(current, position, location);
  }
}

/** The child of `expr` holding the position, recording string and object context on the way. */
function innerExpr(expr: Expr, position: Position, location: Location): Expr | undefined {
  if (expr.type === 'template') return innerOfTemplate(expr, position, location);
  if (expr.type === 'object') {
    const item = expr.items.find((candidate) => rangeContains(candidate.range, position));
    if (!item) return undefined;
    location.objectItem = { object: expr, item, side: itemSide(item, position) };
  }
  return childExprs(expr).find((child) => rangeContains(child.range, position));
}

function itemSide(item: ObjectItem, position: Position): ObjectItemLocation['side'] {
  if (rangeContains(item.key.range, position)) return 'key';
  if (comparePositions(position, item.value.range.start) >= 0) return 'value';
  return 'separator';
}

function innerOfTemplate(template: TemplateExpr, position: Position, location: Location): Expr | undefined {
  for (const part of template.parts) {
    if (part.kind === 'interpolation') {
      if (!strictlyInside(part.range, position)) continue;
      location.interpolation = part;
      return rangeContains(part.expr.range, position) ? part.expr : undefined;
    } else if (rangeContains(part.range, position)) {
      location.text = { template, part, offset: offsetInText(part.raw, part.range.start, position) };
      return undefined;
    }
  }
  return undefined;
}

function strictlyInside(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) < 0 && comparePositions(position, range.end) < 0;
}

/** UTF-16 offset of `position` inside `raw`, which starts at `start`. */
function offsetInText(raw: string, start: Position, position: Position): number {
  let line = start.line;
  let lineStart = 0;
  for (let i = 0; i < raw.length && line < position.line; i++) {
    const ch = raw[i];
    if (ch === '\n' || (ch === '\r' && raw[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = line === start.line ? position.character - start.character : position.character;
  return Math.min(raw.length, lineStart + column);
}
