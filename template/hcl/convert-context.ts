/**
 * What every tree-to-model conversion step needs: the source text, offset
 * to position conversion and a few helpers over tree-sitter nodes.
 *
 * web-tree-sitter 0.27 parses JavaScript strings as UTF-16, and its
 * `startIndex`/`endIndex` are UTF-16 code-unit offsets (verified with é and
 * emoji in test/hcl/positions.test.ts). Positions are computed from those
 * offsets with our own {@link LineIndex}, never from tree-sitter's rows and
 * columns, so `\r\n` and lone `\r` count as LSP says.
 */
import type { SyntaxNode } from './syntax-node.js';
import type { Range } from '../model.js';
import { LineIndex } from '../text/line-index.js';

export interface ConvertContext {
  file: string;
  text: string;
  lines: LineIndex;
}

/** A fresh context for one file. */
export function convertContext(file: string, text: string): ConvertContext {
  return { file, text, lines: new LineIndex(text) };
}

/** Range of a node in the file. */
export function nodeRange(ctx: ConvertContext, node: SyntaxNode): Range {
  return offsetRange(ctx, node.startIndex, node.endIndex);
}

/**
 * Range between two offsets. An offset between the \r and \n of a line
 * break (where broken input can leave one) has no LSP position; it moves
 * back to the end of its line.
 */
export function offsetRange(ctx: ConvertContext, start: number, end: number): Range {
  const from = outsideLineBreak(ctx.text, start);
  return ctx.lines.rangeOf(from, Math.max(from, outsideLineBreak(ctx.text, end)));
}

function outsideLineBreak(text: string, offset: number): number {
  return text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
}

/** Children that carry meaning: comments (tree-sitter "extras") are already left out of {@link SyntaxNode}s. */
export function meaningfulChildren(node: SyntaxNode): readonly SyntaxNode[] {
  return node.children;
}

/** First child of one of the given types, or undefined. */
export function childOfType(node: SyntaxNode, ...types: string[]): SyntaxNode | undefined {
  return node.children.find((child) => types.includes(child.type));
}

/** All children of one of the given types, in order. */
export function childrenOfType(node: SyntaxNode, ...types: string[]): SyntaxNode[] {
  return node.children.filter((child) => types.includes(child.type));
}

/** The source text of a node (UTF-16 offsets into the file). */
export function nodeText(ctx: ConvertContext, node: SyntaxNode): string {
  return ctx.text.slice(node.startIndex, node.endIndex);
}
