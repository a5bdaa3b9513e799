/**
 * Puts our HCL model into the shape `@cdktf/hcl2json` (HashiCorp's own HCL
 * parser) prints, so the two can be compared: blocks grouped by type and
 * nested by labels into arrays of bodies, attributes by name, static values
 * as JSON, and expressions as markers that say what can be checked of them.
 */
import type { Body, Expr } from '../../../template/model.js';

/** An expression hcl2json prints as `${…}` source text: only its kind is compared. */
export const DYNAMIC = Symbol('dynamic');

/** A string with interpolations: its literal pieces must appear in order. */
export interface TemplateShape {
  template: string[];
}

export type Shape =
  | string
  | number
  | boolean
  | null
  | typeof DYNAMIC
  | TemplateShape
  | Shape[]
  | { [key: string]: Shape };

/** hcl2json prints literal `${` / `%{` doubled again, as HCL source would write them. */
function reescape(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

export function exprShape(expr: Expr): Shape {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'unary':
      // HCL folds a negative number literal into a number.
      return expr.operator === '-' && expr.operand.type === 'literal' && typeof expr.operand.value === 'number'
        ? -expr.operand.value
        : DYNAMIC;
    case 'template': {
      const literals = expr.parts.map((part) => (part.kind === 'literal' ? reescape(part.value) : undefined));
      if (literals.every((text) => text !== undefined)) return literals.join('');
      return { template: literals.filter((text): text is string => text !== undefined) };
    }
    case 'tuple':
      return expr.items.map(exprShape);
    case 'object': {
      const out: Record<string, Shape> = {};
      for (const item of expr.items) if (item.keyName !== undefined) out[item.keyName] = exprShape(item.value);
      return out;
    }
    default:
      return DYNAMIC;
  }
}

export function bodyShape(body: Body): Record<string, Shape> {
  const out: Record<string, Shape> = {};
  for (const attribute of body.attributes) out[attribute.name] = exprShape(attribute.value);
  for (const block of body.blocks) {
    let holder = out;
    let key = block.type;
    for (const label of block.labels) {
      holder[key] ??= {};
      holder = holder[key] as Record<string, Shape>;
      key = label.value;
    }
    holder[key] ??= [];
    (holder[key] as Shape[]).push(bodyShape(block.body));
  }
  return out;
}

/** Differences between our shape and hcl2json's JSON, as `path: why` lines (empty = equal). */
export function compareShapes(ours: Shape, theirs: unknown, path = '$'): string[] {
  if (ours === DYNAMIC) {
    return typeof theirs === 'string' && theirs.startsWith('${') && theirs.endsWith('}')
      ? []
      : [`${path}: expected an expression, hcl2json has ${JSON.stringify(theirs)}`];
  }
  if (isTemplateShape(ours)) return compareTemplate(ours, theirs, path);
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs)) return [`${path}: expected an array, hcl2json has ${JSON.stringify(theirs)}`];
    if (ours.length !== theirs.length) return [`${path}: ${ours.length} items, hcl2json has ${theirs.length}`];
    return ours.flatMap((item, i) => compareShapes(item, theirs[i], `${path}[${i}]`));
  }
  if (ours !== null && typeof ours === 'object') {
    if (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs))
      return [`${path}: expected an object, hcl2json has ${JSON.stringify(theirs)}`];
    const theirKeys = Object.keys(theirs).filter((key) => !key.startsWith('${'));
    const ourKeys = Object.keys(ours);
    const keyDiffs = [...new Set([...ourKeys, ...theirKeys])]
      .filter((key) => !(ourKeys.includes(key) && theirKeys.includes(key)))
      .map((key) => `${path}.${key}: only in ${ourKeys.includes(key) ? 'ours' : 'hcl2json'}`);
    return [
      ...keyDiffs,
      ...ourKeys
        .filter((key) => theirKeys.includes(key))
        .flatMap((key) => compareShapes(ours[key]!, (theirs as Record<string, unknown>)[key], `${path}.${key}`)),
    ];
  }
  return Object.is(ours, theirs) ? [] : [`${path}: ours ${JSON.stringify(ours)}, hcl2json ${JSON.stringify(theirs)}`];
}

function isTemplateShape(shape: Shape): shape is TemplateShape {
  return (
    typeof shape === 'object' &&
    shape !== null &&
    !Array.isArray(shape) &&
    Array.isArray((shape as TemplateShape).template)
  );
}

function compareTemplate(ours: TemplateShape, theirs: unknown, path: string): string[] {
  if (typeof theirs !== 'string') return [`${path}: expected a string, hcl2json has ${JSON.stringify(theirs)}`];
  let at = 0;
  for (const [i, literal] of ours.template.entries()) {
    const found = theirs.indexOf(literal, at);
    if (found < 0) return [`${path}: literal piece ${JSON.stringify(literal)} missing from ${JSON.stringify(theirs)}`];
    if (i === 0 && found !== 0 && literal !== '' && !theirs.startsWith('${') && !theirs.startsWith('%{')) {
      return [`${path}: ${JSON.stringify(theirs)} does not start with ${JSON.stringify(literal)}`];
    }
    at = found + literal.length;
  }
  return [];
}
