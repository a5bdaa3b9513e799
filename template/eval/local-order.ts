/**
 * Dependencies between locals (`local.a` used in the value of `b`) and the
 * cycles among them, found before any value is computed so that a cycle is
 * reported once, at every local in it.
 */
import type { LocalDecl } from '../configuration-model.js';
import { walkExpr } from '../hcl/expr-walk.js';

/** Names of the locals an expression refers to (`local.NAME…`). */
export function referencedLocals(decl: LocalDecl): string[] {
  const names: string[] = [];
  walkExpr(decl.value, (expr) => {
    if (expr.type === 'traversal' && expr.root === 'local' && expr.steps[0]) names.push(String(expr.steps[0].name));
  });
  return names;
}

/**
 * The cycles of the dependency graph: strongly connected components with
 * more than one local, or one local that refers to itself. Each cycle lists
 * its locals in declaration order.
 */
export function localCycles(locals: LocalDecl[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const decl of locals) {
    if (!edges.has(decl.name))
      edges.set(
        decl.name,
        referencedLocals(decl).filter((n) => n !== undefined),
      );
  }
  const order = [...edges.keys()];
  return stronglyConnected(order, edges)
    .filter((component) => component.length > 1 || edges.get(component[0]!)!.includes(component[0]!))
    .map((component) => order.filter((name) => component.includes(name)));
}

/** Tarjan's algorithm over the declared names (edges to undeclared names ignored). */
function stronglyConnected(nodes: string[], edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
}
