/**
 * Values readable without evaluation: string, number and bool literals as
 * written. Used where Packer itself needs static text (block labels,
 * `sources` references, the JSON `type` key).
 */
import type { Expr } from './model.js';

/** The text of a string with no `${ }` interpolation, else undefined. */
export function staticString(expr: Expr | undefined): string | undefined {
  if (expr?.type !== 'template') return undefined;
  let text = '';
  for (const part of expr.parts) {
    if (part.kind !== 'literal') return undefined;
    text += part.value;
  }
  return text;
}

/** A bare identifier used as a value (`foo`) — HCL object keys allow it. */
export function identifierName(expr: Expr | undefined): string | undefined {
  return expr?.type === 'traversal' && expr.steps.length === 0 ? expr.root : undefined;
}
