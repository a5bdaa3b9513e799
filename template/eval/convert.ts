/**
 * Converting a value to a type constraint the way cty does: `"3"` becomes 3
 * where a number is wanted, `true` becomes `"true"` where a string is, list
 * elements and object attributes convert one by one, extra object attributes
 * are dropped and absent `optional(…)` ones become null.
 */
import { UNKNOWN, isUnknown, type Value } from '../evaluation-model.js';
import { describeType, type HclType } from './types.js';
import {
  asBool,
  asNumber,
  asString,
  compareStrings,
  distinctValues,
  isObjectValue,
  kindOf,
  objectFromEntries,
  type ObjectValue,
} from './value.js';

/** The converted value, or why the value does not fit. */
export type ConvertResult = { ok: true; value: Value } | { ok: false; message: string };

/** Converts `value` to `type`. UNKNOWN and null fit every type. */
export function convertValue(value: Value, type: HclType): ConvertResult {
  if (isUnknown(value) || value === null || type.kind === 'any') return { ok: true, value };
  switch (type.kind) {
    case 'string':
      return primitive(asString(value), 'string required');
    case 'number':
      return primitive(asNumber(value), 'a number is required');
    case 'bool':
      return primitive(asBool(value), 'a bool is required');
    case 'list':
    case 'set':
      return toSequence(value, type.kind, type.element);
    case 'map':
      return toMap(value, type.element);
    case 'tuple':
      return toTuple(value, type.elements);
    case 'object':
      return toObject(value, type.attributes);
  }
}

function primitive(value: Value | undefined, message: string): ConvertResult {
  return value === undefined ? { ok: false, message } : { ok: true, value };
}

function toSequence(value: Value, kind: 'list' | 'set', element: HclType): ConvertResult {
  if (!Array.isArray(value)) return { ok: false, message: `${kind} of ${describeType(element)} required` };
  const items = convertEach(
    value.map((item, i) => [`element ${i}`, item]),
    element,
  );
  if (!items.ok) return items;
  const list = items.value as Value[];
  return { ok: true, value: kind === 'set' ? toSetOrder(list) : list };
}

function toMap(value: Value, element: HclType): ConvertResult {
  if (!isObjectValue(value)) return { ok: false, message: `map of ${describeType(element)} required` };
  const entries = Object.entries(value);
  const items = convertEach(
    entries.map(([key, item]) => [`element "${key}"`, item]),
    element,
  );
  if (!items.ok) return items;
  const converted = items.value as Value[];
  return { ok: true, value: objectFromEntries(entries.map(([key], i) => [key, converted[i]!])) };
}

/**
 * Converts each element to `element`; with `any`, primitives of mixed kinds
 * are unified to string as cty does (`[1, "a"]` → `["1", "a"]`).
 */
function convertEach(items: Array<[string, Value]>, element: HclType): ConvertResult {
  const target = element.kind === 'any' ? unifiedPrimitive(items.map(([, v]) => v)) : element;
  if (target === undefined) return { ok: false, message: 'all elements must have the same type' };
  const out: Value[] = [];
  for (const [label, item] of items) {
    const result = convertValue(item, target);
    if (!result.ok) return { ok: false, message: `${label}: ${result.message}` };
    out.push(result.value);
  }
  return { ok: true, value: out };
}

/** The one type mixed primitives unify to, `any` when nothing needs unifying, undefined when impossible. */
function unifiedPrimitive(values: Value[]): HclType | undefined {
  const kinds = new Set(values.map(kindOf).filter((k) => k !== 'null' && k !== 'unknown'));
  if (kinds.size <= 1) return { kind: 'any' };
  const primitives = [...kinds].every((k) => k === 'string' || k === 'number' || k === 'bool');
  if (!primitives) return { kind: 'any' };
  return kinds.has('string') ? { kind: 'string' } : undefined;
}

/** Sets hold each value once; primitive sets read back sorted, as cty lists them. */
function toSetOrder(values: Value[]): Value[] {
  const distinct = distinctValues(values);
  if (distinct.every((v) => typeof v === 'string')) return (distinct as string[]).sort(compareStrings);
  if (distinct.every((v) => typeof v === 'number')) return (distinct as number[]).sort((a, b) => a - b);
  return distinct;
}

function toTuple(value: Value, elements: HclType[]): ConvertResult {
  if (!Array.isArray(value)) return { ok: false, message: 'tuple required' };
  if (value.length !== elements.length) {
    return { ok: false, message: `tuple required with exactly ${elements.length} elements` };
  }
  const out: Value[] = [];
  for (let i = 0; i < elements.length; i++) {
    const result = convertValue(value[i]!, elements[i]!);
    if (!result.ok) return { ok: false, message: `element ${i}: ${result.message}` };
    out.push(result.value);
  }
  return { ok: true, value: out };
}

function toObject(value: Value, attributes: Record<string, { type: HclType; optional: boolean }>): ConvertResult {
  if (!isObjectValue(value)) return { ok: false, message: 'object required' };
  const source: ObjectValue = value;
  const out: Array<[string, Value]> = [];
  for (const [name, attr] of Object.entries(attributes)) {
    if (!Object.hasOwn(source, name)) {
      if (!attr.optional) return { ok: false, message: `attribute "${name}" is required` };
      out.push([name, null]);
      continue;
    }
    const result = convertValue(source[name]!, attr.type);
    if (!result.ok) return { ok: false, message: `attribute "${name}": ${result.message}` };
    out.push([name, result.value]);
  }
  return { ok: true, value: objectFromEntries(out) };
}

/** Convenience for callers that only want the value: UNKNOWN when it does not fit. */
export function convertOrUnknown(value: Value, type: HclType): Value {
  const result = convertValue(value, type);
  return result.ok ? result.value : UNKNOWN;
}
