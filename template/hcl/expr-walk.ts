/**
 * Depth-first walk over an expression and every sub-expression, template
 * interpolations included. Works for both syntaxes (JSON gives only
 * literals, templates, tuples and objects).
 */
import type { Expr } from '../model.js';

/**
 * Called for each expression, parent before children. Return `false` to
 * skip the children of this expression.
 */
export type ExprVisitor = (expr: Expr, parent: Expr | undefined) => boolean | undefined;

/** Visits `expr` and all its sub-expressions in source order. */
export function walkExpr(expr: Expr, visit: ExprVisitor, parent?: Expr): void {
  if (visit(expr, parent) === false) return;
  for (const child of childExprs(expr)) walkExpr(child, visit, expr);
}

/** The direct sub-expressions of an expression, in source order. */
export function childExprs(expr: Expr): Expr[] {
  switch (expr.type) {
    case 'template':
      return expr.parts.flatMap((part) => (part.kind === 'interpolation' ? [part.expr] : []));
    case 'tuple':
      return expr.items;
    case 'object':
      return expr.items.flatMap((item) => [item.key, item.value]);
    case 'call':
      return expr.args;
    case 'index':
      return [expr.target, expr.key];
    case 'getattr':
    case 'splat':
      return [expr.target];
    case 'conditional':
      return [expr.condition, expr.then, expr.else];
    case 'binary':
      return [expr.left, expr.right];
    case 'unary':
      return [expr.operand];
    case 'paren':
      return [expr.inner];
    case 'for':
      return forChildren(expr);
    case 'literal':
    case 'traversal':
    case 'invalid':
      return [];
  }
}

function forChildren(expr: Extract<Expr, { type: 'for' }>): Expr[] {
  const children: Expr[] = [expr.collection];
  if (expr.keyExpr) children.push(expr.keyExpr);
  children.push(expr.valueExpr);
  if (expr.condition) children.push(expr.condition);
  return children;
}
