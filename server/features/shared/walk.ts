/**
 * Visiting every expression of a body, for features that look for
 * references (semantic tokens, folding). Sub-expressions come from the
 * core's walker (template/hcl/expr-walk.ts), so both agree on the tree.
 */
import { childExprs, walkExpr, type Body, type Expr } from '../../../template/index.js';

export { childExprs as childrenOf, walkExpr };

/** Calls `visit` on every expression of a body and its nested blocks. */
export function walkBody(body: Body, visit: (expr: Expr) => void): void {
  for (const attribute of body.attributes) walkExpr(attribute.value, (expr) => void visit(expr));
  for (const block of body.blocks) walkBody(block.body, visit);
}
