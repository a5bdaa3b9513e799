/**
 * Quoted strings and heredocs become {@link TemplateExpr}s.
 *
 * The grammar treats whitespace inside templates as "extras", so its
 * template_literal nodes miss spaces and newlines. Literal parts are
 * therefore cut from the source text itself: everything between the opening
 * and closing markers that is not an interpolation or a directive.
 *
 * Template directives have no node kind of their own in the model; each
 * becomes an interpolation whose expression means the same thing:
 * - `%{ if C }A%{ else }B%{ endif }` → `${ C ? "A" : "B" }` (a
 *   {@link ConditionalExpr} whose branches are templates; a missing else is
 *   an empty template);
 * - `%{ for K, V in COLL }BODY%{ endfor }` → `${ join("", [for K, V in COLL : "BODY"]) }`
 *   (a {@link CallExpr} of `join` whose name range is the `%{ for … }` tag
 *   and whose first argument is an empty template at the directive's start).
 * Strip markers (`~`) trim the whitespace of the neighbouring literal values
 * (their raw text stays exact), as HCL does; in heredocs only within one
 * line, see heredoc-text.ts.
 */
import { descendantsOfType, type SyntaxNode } from './syntax-node.js';
import type { CallExpr, ConditionalExpr, ForExpr, TemplateExpr, TemplateLiteral, TemplatePart } from '../model.js';
import {
  childOfType,
  childrenOfType,
  meaningfulChildren,
  nodeText,
  offsetRange,
  type ConvertContext,
} from './convert-context.js';
import { convertExpression } from './convert-expr.js';
import { decodeHeredocLiteral, decodeQuotedLiteral } from './string-escapes.js';
import { heredocKeptCharacters, type HeredocTag, type KeptCharacters } from './heredoc-text.js';

/** Turns the raw text of one literal piece (starting at a file offset) into its value. */
type LiteralDecoder = (raw: string, offset: number) => string;

const SEPARATORS = ['template_interpolation', 'template_directive'];

/** A `"…"` string (string_lit or quoted_template node). */
export function convertQuotedTemplate(ctx: ConvertContext, node: SyntaxNode): TemplateExpr {
  const open = childOfType(node, 'quoted_template_start');
  const close = childOfType(node, 'quoted_template_end');
  const contentStart = open ? open.endIndex : node.startIndex;
  const contentEnd = close && !close.isMissing ? close.startIndex : contentEndOfUnclosed(node, contentStart);
  // Bad escapes are reported by the syntax check (hcl-syntax-check.ts).
  const decode: LiteralDecoder = (raw) => decodeQuotedLiteral(raw).value;
  return {
    type: 'template',
    parts: collectParts(ctx, node, contentStart, contentEnd, decode),
    range: offsetRange(ctx, node.startIndex, node.endIndex),
  };
}

/** An unclosed string ends where the tree's node ends. */
function contentEndOfUnclosed(node: SyntaxNode, contentStart: number): number {
  return Math.max(contentStart, node.endIndex);
}

/** A `<<EOF` or `<<-EOF` heredoc. */
export function convertHeredoc(ctx: ConvertContext, node: SyntaxNode): TemplateExpr {
  const markers = childrenOfType(node, 'heredoc_identifier');
  const start = childOfType(node, 'heredoc_start');
  const flush = start !== undefined && nodeText(ctx, start) === '<<-';
  const opener = markers[0];
  const closer = markers.length > 1 ? markers[markers.length - 1] : undefined;
  const afterOpener = opener ? opener.endIndex : node.startIndex;
  const newline = ctx.text.indexOf('\n', afterOpener);
  const contentStart = newline < 0 || newline >= node.endIndex ? node.endIndex : newline + 1;
  // The closing marker sits on its own line; the content ends where that line starts.
  const contentEnd = closer
    ? Math.max(contentStart, ctx.text.lastIndexOf('\n', closer.startIndex - 1) + 1)
    : node.endIndex;
  const kept = heredocKeptCharacters(ctx.text, contentStart, contentEnd, heredocTags(node), flush);
  const decode: LiteralDecoder = (raw, offset) => decodeHeredocLiteral(keptText(raw, offset, kept));
  return {
    type: 'template',
    parts: collectParts(ctx, node, contentStart, contentEnd, decode, HEREDOC_STRIPS),
    heredoc: true,
    range: offsetRange(ctx, node.startIndex, node.endIndex),
  };
}

/** Heredoc strip markers are applied by {@link heredocKeptCharacters}, per line token. */
const HEREDOC_STRIPS: Boundaries = { trimStart: false, trimEnd: false, markers: false };

/** The kept characters of `raw`, copied in runs (the whole of `raw` when all are kept). */
function keptText(raw: string, offset: number, kept: KeptCharacters): string {
  let out = '';
  let runStart = -1;
  for (let i = 0; i < raw.length; i++) {
    if (kept(offset + i)) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      out += raw.slice(runStart, i);
      runStart = -1;
    }
  }
  if (runStart === 0) return raw;
  return runStart > 0 ? out + raw.slice(runStart) : out;
}

/** Every `${…}` and directive tag inside a heredoc, in source order, with its strip markers. */
function heredocTags(node: SyntaxNode): HeredocTag[] {
  const tags = descendantsOfType(node, [
    'template_interpolation',
    'template_if_intro',
    'template_else_intro',
    'template_if_end',
    'template_for_start',
    'template_for_end',
  ]);
  return tags
    .filter((tag): tag is SyntaxNode => tag !== null)
    .map((tag) => {
      const strips = tagStrips(tag);
      return { start: tag.startIndex, end: tag.endIndex, stripBefore: strips.left, stripAfter: strips.right };
    })
    .sort((a, b) => a.start - b.start);
}

interface Boundaries {
  /** Trim the first literal's start / the last literal's end (a `~` on the enclosing tag). */
  trimStart: boolean;
  trimEnd: boolean;
  /** Apply `~` markers here (quoted strings); heredocs apply them per line beforehand. */
  markers: boolean;
}

/**
 * The parts between two offsets of a container: its interpolation and
 * directive children, and literal pieces for the text between them.
 */
function collectParts(
  ctx: ConvertContext,
  container: SyntaxNode,
  start: number,
  end: number,
  decode: LiteralDecoder,
  boundaries: Boundaries = { trimStart: false, trimEnd: false, markers: true },
): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const strips: Array<{ index: number; before: boolean; after: boolean }> = [];
  let cursor = start;
  for (const child of childrenOfType(container, ...SEPARATORS)) {
    if (child.startIndex < start || child.endIndex > end) continue;
    if (child.startIndex > cursor) parts.push(literalPart(ctx, cursor, child.startIndex, decode));
    const separator = convertSeparator(ctx, child, decode, boundaries.markers);
    strips.push({ index: parts.length, before: separator.stripBefore, after: separator.stripAfter });
    parts.push(separator.part);
    cursor = child.endIndex;
  }
  if (end > cursor) parts.push(literalPart(ctx, cursor, end, decode));
  if (boundaries.markers) applyStrips(parts, strips, boundaries);
  // An array grown by push keeps room for 17 elements; models are kept (one
  // per open document), so the usual one- or two-part list is copied to size.
  return parts.slice();
}

function literalPart(ctx: ConvertContext, start: number, end: number, decode: LiteralDecoder): TemplateLiteral {
  const raw = ctx.text.slice(start, end);
  return { kind: 'literal', value: decode(raw, start), raw, range: offsetRange(ctx, start, end) };
}

/** Trims literal values next to `~` markers and at trimmed boundaries. */
function applyStrips(
  parts: TemplatePart[],
  strips: Array<{ index: number; before: boolean; after: boolean }>,
  boundaries: Boundaries,
): void {
  const trim = (index: number, side: 'start' | 'end'): void => {
    const part = parts[index];
    if (part?.kind !== 'literal') return;
    part.value = side === 'start' ? part.value.trimStart() : part.value.trimEnd();
  };
  for (const strip of strips) {
    if (strip.before) trim(strip.index - 1, 'end');
    if (strip.after) trim(strip.index + 1, 'start');
  }
  if (boundaries.trimStart) trim(0, 'start');
  if (boundaries.trimEnd) trim(parts.length - 1, 'end');
}

interface ConvertedSeparator {
  part: TemplatePart;
  stripBefore: boolean;
  stripAfter: boolean;
}

function convertSeparator(
  ctx: ConvertContext,
  node: SyntaxNode,
  decode: LiteralDecoder,
  markers: boolean,
): ConvertedSeparator {
  const range = offsetRange(ctx, node.startIndex, node.endIndex);
  if (node.type === 'template_interpolation') {
    const strips = tagStrips(node);
    const expr = convertExpression(ctx, childOfType(node, 'expression'), node.endIndex - 1);
    return { part: { kind: 'interpolation', expr, range }, stripBefore: strips.left, stripAfter: strips.right };
  }
  const directive = meaningfulChildren(node)[0];
  if (directive?.type === 'template_for') return convertForDirective(ctx, directive, decode, markers);
  if (directive?.type === 'template_if') return convertIfDirective(ctx, directive, decode, markers);
  return {
    part: { kind: 'interpolation', expr: { type: 'invalid', range }, range },
    stripBefore: false,
    stripAfter: false,
  };
}

/** Whether a tag (`${~ … ~}`, `%{~ if … ~}`) has strip markers after its opening / before its closing token. */
function tagStrips(tag: SyntaxNode | undefined): { left: boolean; right: boolean } {
  if (!tag) return { left: false, right: false };
  const children = meaningfulChildren(tag);
  const last = children.length - 1;
  // `${~}` has one marker; it counts as the left one.
  return {
    left: children[1]?.type === 'strip_marker',
    right: last - 1 > 1 && children[last - 1]?.type === 'strip_marker',
  };
}

function convertIfDirective(
  ctx: ConvertContext,
  node: SyntaxNode,
  decode: LiteralDecoder,
  markers: boolean,
): ConvertedSeparator {
  const intro = childOfType(node, 'template_if_intro');
  const elseIntro = childOfType(node, 'template_else_intro');
  const endTag = childOfType(node, 'template_if_end');
  const thenStart = intro ? intro.endIndex : node.startIndex;
  const thenEnd = (elseIntro ?? endTag)?.startIndex ?? node.endIndex;
  const introStrips = tagStrips(intro);
  const elseStrips = tagStrips(elseIntro);
  const endStrips = tagStrips(endTag);
  const thenBranch = branchTemplate(ctx, node, thenStart, thenEnd, decode, {
    trimStart: introStrips.right,
    trimEnd: elseIntro ? elseStrips.left : endStrips.left,
    markers,
  });
  const elseStart = elseIntro ? elseIntro.endIndex : thenEnd;
  const elseEnd = elseIntro ? (endTag?.startIndex ?? node.endIndex) : thenEnd;
  const elseBranch = branchTemplate(ctx, node, elseStart, elseEnd, decode, {
    trimStart: elseStrips.right,
    trimEnd: endStrips.left,
    markers,
  });
  const range = offsetRange(ctx, node.startIndex, node.endIndex);
  const condition = convertExpression(ctx, intro ? childOfType(intro, 'expression') : undefined, thenStart);
  const expr: ConditionalExpr = {
    type: 'conditional',
    condition,
    // biome-ignore lint/suspicious/noThenProperty: the HCL conditional's branch (an Expr object, never a function), named as in `c ? then : else`
    then: thenBranch,
    else: elseBranch,
    range,
  };
  return { part: { kind: 'interpolation', expr, range }, stripBefore: introStrips.left, stripAfter: endStrips.right };
}

function convertForDirective(
  ctx: ConvertContext,
  node: SyntaxNode,
  decode: LiteralDecoder,
  markers: boolean,
): ConvertedSeparator {
  const head = childOfType(node, 'template_for_start');
  const endTag = childOfType(node, 'template_for_end');
  const bodyStart = head ? head.endIndex : node.startIndex;
  const bodyEnd = endTag ? endTag.startIndex : node.endIndex;
  const headStrips = tagStrips(head);
  const endStrips = tagStrips(endTag);
  const body = branchTemplate(ctx, node, bodyStart, bodyEnd, decode, {
    trimStart: headStrips.right,
    trimEnd: endStrips.left,
    markers,
  });
  const names = head ? childrenOfType(head, 'identifier').map((id) => nodeText(ctx, id)) : [];
  const range = offsetRange(ctx, node.startIndex, node.endIndex);
  const headRange = offsetRange(ctx, node.startIndex, bodyStart);
  const forExpr: ForExpr = {
    type: 'for',
    result: 'tuple',
    valueVar: names[names.length - 1] ?? '',
    collection: convertExpression(ctx, head ? childOfType(head, 'expression') : undefined, bodyStart),
    valueExpr: body,
    grouping: false,
    range,
  };
  if (names.length > 1) forExpr.keyVar = names[0];
  const emptySeparator: TemplateExpr = {
    type: 'template',
    parts: [],
    range: offsetRange(ctx, node.startIndex, node.startIndex),
  };
  const expr: CallExpr = {
    type: 'call',
    name: 'join',
    nameRange: headRange,
    args: [emptySeparator, forExpr],
    expandFinal: false,
    range,
  };
  return { part: { kind: 'interpolation', expr, range }, stripBefore: headStrips.left, stripAfter: endStrips.right };
}

function branchTemplate(
  ctx: ConvertContext,
  container: SyntaxNode,
  start: number,
  end: number,
  decode: LiteralDecoder,
  boundaries: Boundaries,
): TemplateExpr {
  return {
    type: 'template',
    parts: collectParts(ctx, container, start, end, decode, boundaries),
    range: offsetRange(ctx, start, end),
  };
}
