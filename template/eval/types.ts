/**
 * HCL type constraints (`string`, `list(number)`, `object({…})`, …) as data,
 * for variable `type = …` and for function parameter and return types.
 */

/** An attribute of an object type; `optional(T)` attributes may be absent. */
export interface ObjectAttributeType {
  type: HclType;
  optional: boolean;
}

/** A type constraint. `any` accepts every value unchanged. */
export type HclType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'any' }
  | { kind: 'list' | 'set' | 'map'; element: HclType }
  | { kind: 'object'; attributes: Record<string, ObjectAttributeType> }
  | { kind: 'tuple'; elements: HclType[] };

/** Shorthands for building types in code (function signatures, tests). */
export const T = {
  string: { kind: 'string' } as HclType,
  number: { kind: 'number' } as HclType,
  bool: { kind: 'bool' } as HclType,
  any: { kind: 'any' } as HclType,
  list: (element: HclType): HclType => ({ kind: 'list', element }),
  set: (element: HclType): HclType => ({ kind: 'set', element }),
  map: (element: HclType): HclType => ({ kind: 'map', element }),
  tuple: (elements: HclType[]): HclType => ({ kind: 'tuple', elements }),
  object: (attributes: Record<string, HclType>, optional: string[] = []): HclType => ({
    kind: 'object',
    attributes: Object.fromEntries(
      Object.entries(attributes).map(([name, type]) => [name, { type, optional: optional.includes(name) }]),
    ),
  }),
};

/** The type as HCL writes it: `list(string)`, `object({a = number})`. */
export function typeToString(type: HclType): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${typeToString(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(typeToString).join(', ')}])`;
    case 'object': {
      const attrs = Object.entries(type.attributes).map(([name, attr]) => {
        const inner = typeToString(attr.type);
        return `${name} = ${attr.optional ? `optional(${inner})` : inner}`;
      });
      return `object({${attrs.join(', ')}})`;
    }
    default:
      return type.kind;
  }
}

/** `a number`, `a list of string`: the article form cty uses in messages. */
export function describeType(type: HclType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'bool':
      return 'bool';
    case 'any':
      return 'any value';
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind} of ${describeType(type.element)}`;
    case 'tuple':
      return 'tuple';
    case 'object':
      return 'object';
  }
}
