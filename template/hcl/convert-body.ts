/**
 * tree-sitter structure nodes → model {@link Body}, {@link Block} and
 * {@link Attribute}. Attributes and blocks that tree-sitter's error recovery
 * left inside ERROR nodes are still collected, so a syntax error costs as
 * little of the file as possible.
 */
import type { SyntaxNode } from './syntax-node.js';
import type { Attribute, Block, BlockLabel, Body } from '../model.js';
import { staticString } from '../static-value.js';
import {
  childOfType,
  meaningfulChildren,
  nodeText,
  nodeRange,
  offsetRange,
  type ConvertContext,
} from './convert-context.js';
import { convertExpression } from './convert-expr.js';
import { convertQuotedTemplate } from './convert-template.js';

/** The top-level body of a file: the whole text is its range. */
export function convertConfigFile(ctx: ConvertContext, root: SyntaxNode): Body {
  const body: Body = { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
  appendConfigItems(ctx, body, root);
  return body;
}

/** Adds the top-level items under `root` (a parse of the whole file or of a chunk of it) to `body`. */
export function appendConfigItems(ctx: ConvertContext, body: Body, root: SyntaxNode): void {
  collectInto(ctx, body, meaningfulChildren(root));
}

/** Adds the attributes and blocks found among `nodes` (recursing into body and ERROR nodes). */
function collectInto(ctx: ConvertContext, body: Body, nodes: readonly SyntaxNode[]): void {
  for (const node of nodes) {
    if (node.type === 'attribute') body.attributes.push(convertAttribute(ctx, node));
    else if (node.type === 'block') body.blocks.push(convertBlock(ctx, node));
    else if (node.type === 'body' || node.type === 'ERROR') collectInto(ctx, body, meaningfulChildren(node));
  }
}

function convertAttribute(ctx: ConvertContext, node: SyntaxNode): Attribute {
  const name = childOfType(node, 'identifier');
  const equals = childOfType(node, '=');
  const valueNode = childOfType(node, 'expression');
  const value = convertExpression(ctx, valueNode, equals?.endIndex ?? node.endIndex);
  const nameRange = nodeRange(ctx, name ?? node);
  return {
    name: name ? nodeText(ctx, name) : '',
    nameRange,
    value,
    range: { start: nameRange.start, end: value.range.end },
  };
}

function convertBlock(ctx: ConvertContext, node: SyntaxNode): Block {
  const children = meaningfulChildren(node);
  const typeNode = children[0]!;
  const open = children.find((child) => child.type === 'block_start');
  const close = children.find((child) => child.type === 'block_end');
  const labels = children
    .slice(1, open ? children.indexOf(open) : children.length)
    .filter((child) => child.type === 'string_lit' || child.type === 'identifier')
    .map((child) => convertLabel(ctx, child));
  const bodyStart = open ? open.endIndex : node.endIndex;
  const bodyEnd = close && !close.isMissing ? close.startIndex : node.endIndex;
  const body: Body = { range: offsetRange(ctx, bodyStart, bodyEnd), attributes: [], blocks: [] };
  collectInto(
    ctx,
    body,
    children.filter((child) => child.type === 'body' || child.type === 'ERROR'),
  );
  return {
    type: nodeText(ctx, typeNode),
    typeRange: nodeRange(ctx, typeNode),
    labels,
    headerRange: offsetRange(ctx, node.startIndex, open ? open.endIndex : typeNode.endIndex),
    body,
    range: nodeRange(ctx, node),
  };
}

function convertLabel(ctx: ConvertContext, node: SyntaxNode): BlockLabel {
  if (node.type === 'identifier') return { value: nodeText(ctx, node), range: nodeRange(ctx, node) };
  return { value: staticString(convertQuotedTemplate(ctx, node)) ?? '', range: nodeRange(ctx, node) };
}
