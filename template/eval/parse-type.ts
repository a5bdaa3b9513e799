/**
 * Reads a variable's `type = …` expression into an {@link HclType}, as HCL's
 * typeexpr package does: keywords `string number bool any`, constructors
 * `list(T) set(T) map(T) tuple([…]) object({…})`, and `optional(T)` for
 * object attributes.
 */
import type { Expr, Range } from '../model.js';
import type { HclType, ObjectAttributeType } from './types.js';

/** A parsed type, or the fault and where it is. */
export type ParseTypeResult = { ok: true; type: HclType } | { ok: false; range: Range; message: string };

/** The words of type constraints: what `type = …` may say (editors offer these). */
export const TYPE_KEYWORDS = {
  primitives: ['string', 'number', 'bool', 'any'],
  collections: ['list', 'set', 'map'],
  structural: ['object', 'tuple'],
} as const;

const PRIMITIVES = new Set<string>(TYPE_KEYWORDS.primitives);
const COLLECTIONS = new Set<string>(TYPE_KEYWORDS.collections);

/** Parses a type constraint expression. */
export function parseTypeExpr(expr: Expr): ParseTypeResult {
  return parseType(expr, false);
}

function parseType(expr: Expr, inObject: boolean): ParseTypeResult {
  if (expr.type === 'paren') return parseType(expr.inner, inObject);
  if (expr.type === 'traversal' && expr.steps.length === 0) return keyword(expr.root, expr.range);
  if (expr.type === 'call') return typeConstructor(expr.name, expr.args, expr.range, inObject);
  return fail(
    expr.range,
    'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).',
  );
}

function keyword(name: string, range: Range): ParseTypeResult {
  if (PRIMITIVES.has(name)) return { ok: true, type: { kind: name } as HclType };
  if (COLLECTIONS.has(name)) {
    return fail(range, `The ${name} type constructor requires one argument specifying the element type.`);
  }
  if (name === 'object')
    return fail(range, 'The object type constructor requires one argument specifying the attribute types as a map.');
  if (name === 'tuple')
    return fail(range, 'The tuple type constructor requires one argument specifying the element types as a list.');
  return fail(range, `The keyword "${name}" is not a valid type specification.`);
}

function typeConstructor(name: string, args: Expr[], range: Range, inObject: boolean): ParseTypeResult {
  if (PRIMITIVES.has(name)) return fail(range, `Primitive type keyword "${name}" does not expect arguments.`);
  if (args.length !== 1) return fail(range, `The ${name} type constructor requires exactly one argument.`);
  const arg = args[0]!;
  if (COLLECTIONS.has(name)) {
    const element = parseType(arg, false);
    return element.ok ? { ok: true, type: { kind: name as 'list', element: element.type } } : element;
  }
  if (name === 'tuple') return tupleType(arg);
  if (name === 'object') return objectType(arg);
  if (name === 'optional') {
    return inObject
      ? fail(range, 'Internal: optional is handled by the object constructor.')
      : fail(range, 'Keyword "optional" is valid only as a modifier for object type attributes.');
  }
  return fail(range, `Keyword "${name}" is not a valid type constructor.`);
}

function tupleType(arg: Expr): ParseTypeResult {
  if (arg.type !== 'tuple') return fail(arg.range, 'Tuple type constructor requires a list of element types.');
  const elements: HclType[] = [];
  for (const item of arg.items) {
    const element = parseType(item, false);
    if (!element.ok) return element;
    elements.push(element.type);
  }
  return { ok: true, type: { kind: 'tuple', elements } };
}

function objectType(arg: Expr): ParseTypeResult {
  if (arg.type !== 'object') {
    return fail(
      arg.range,
      'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.',
    );
  }
  const attributes: Record<string, ObjectAttributeType> = {};
  for (const item of arg.items) {
    if (item.keyName === undefined) return fail(item.key.range, 'Object constructor map keys must be attribute names.');
    const attr = attributeType(item.value);
    if (!attr.ok) return attr;
    attributes[item.keyName] = attr.attribute;
  }
  return { ok: true, type: { kind: 'object', attributes } };
}

function attributeType(
  expr: Expr,
): { ok: true; attribute: ObjectAttributeType } | { ok: false; range: Range; message: string } {
  const optional = expr.type === 'call' && expr.name === 'optional';
  if (optional && expr.args.length !== 1) {
    return fail(expr.range, 'The optional modifier requires exactly one argument: the attribute type.');
  }
  const inner = parseType(optional ? expr.args[0]! : expr, true);
  return inner.ok ? { ok: true, attribute: { type: inner.type, optional } } : inner;
}

function fail(range: Range, message: string): { ok: false; range: Range; message: string } {
  return { ok: false, range, message };
}
