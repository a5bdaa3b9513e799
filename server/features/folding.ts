/**
 * Folding ranges: every block and every multi-line value (lists, objects,
 * heredocs) folds; consecutive comment lines fold together.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node';
import type { Body, Expr, ParsedFile, Range } from '../../template/index.js';
import { childrenOf } from './shared/walk.js';

/**
 * Folding ranges of one file, ordered by start line, one per start line:
 * values opening on one line (`"builders": [{`) fold as the outermost.
 */
export function foldingRanges(file: ParsedFile): FoldingRange[] {
  const out: FoldingRange[] = [];
  collectBody(file.body, out);
  out.push(...commentFolds(file.text));
  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return out.filter((fold, i) => i === 0 || out[i - 1]!.startLine !== fold.startLine);
}

function collectBody(body: Body, out: FoldingRange[]): void {
  for (const attribute of body.attributes) collectExpr(attribute.value, out);
  for (const block of body.blocks) {
    fold(block.range, out);
    collectBody(block.body, out);
  }
}

function collectExpr(expr: Expr, out: FoldingRange[]): void {
  if (expr.type === 'tuple' || expr.type === 'object' || (expr.type === 'template' && expr.heredoc))
    fold(expr.range, out);
  for (const child of childrenOf(expr)) collectExpr(child, out);
}

/** Folds up to the line before the closing brace, so the brace stays visible. */
function fold(range: Range, out: FoldingRange[]): void {
  if (range.end.line - 1 > range.start.line) out.push({ startLine: range.start.line, endLine: range.end.line - 1 });
}

function commentFolds(text: string): FoldingRange[] {
  const out: FoldingRange[] = [];
  const lines = text.split(/\r?\n/);
  let start = -1;
  lines.forEach((line, i) => {
    const isComment = /^\s*(#|\/\/)/.test(line);
    if (isComment && start < 0) start = i;
    if (!isComment && start >= 0) {
      if (i - 1 > start) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  });
  if (start >= 0 && lines.length - 1 > start)
    out.push({ startLine: start, endLine: lines.length - 1, kind: FoldingRangeKind.Comment });
  return out;
}
