/**
 * Visiting every expression of a body, for features that look for
 * references (definition, references, rename, semantic tokens).
 */
import type { Body, Expr } from '../../../template/model.js';

/** The direct sub-expressions of an expression, in source order. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.type) {
    case 'template':
      return expr.parts.flatMap((p) => (p.kind === 'interpolation' ? [p.expr] : []));
    case 'tuple':
      return expr.items;
    case 'object':
      return expr.items.flatMap((i) => [i.key, i.value]);
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
    case 'for':
      return [expr.collection, ...(expr.keyExpr ? [expr.keyExpr] : []), expr.valueExpr, ...(expr.condition ? [expr.condition] : [])];
    case 'paren':
      return [expr.inner];
    default:
      return [];
  }
}

/** Calls `visit` on every expression under an expression, depth first, parents before children. */
export function walkExpr(expr: Expr, visit: (expr: Expr) => void): void {
  visit(expr);
  for (const child of childrenOf(expr)) walkExpr(child, visit);
}

/** Calls `visit` on every expression of a body and its nested blocks. */
export function walkBody(body: Body, visit: (expr: Expr) => void): void {
  for (const attribute of body.attributes) walkExpr(attribute.value, visit);
  for (const block of body.blocks) walkBody(block.body, visit);
}
