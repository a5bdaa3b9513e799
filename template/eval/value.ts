/**
 * Helpers on evaluation values ({@link Value}). A value is plain data:
 * strings, numbers, booleans, null, arrays (HCL lists, tuples and sets) and
 * plain objects (HCL maps and objects), or UNKNOWN. Every helper here is
 * total: it never throws, and UNKNOWN goes through as UNKNOWN.
 */
import { UNKNOWN, isUnknown, type Value } from '../evaluation-model.js';
import { numberText } from './number-text.js';

/** A plain object value (HCL map or object). */
export type ObjectValue = { [key: string]: Value };

/** The broad kind of a value, as messages name it. */
export type ValueKind = 'string' | 'number' | 'bool' | 'null' | 'list' | 'object' | 'unknown';

/** The kind of a value. */
export function kindOf(value: Value): ValueKind {
  if (isUnknown(value)) return 'unknown';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** True for list, tuple and set values. */
export function isListValue(value: Value): value is Value[] {
  return Array.isArray(value);
}

/** True for map and object values. */
export function isObjectValue(value: Value): value is ObjectValue {
  return kindOf(value) === 'object';
}

/** True when the value is UNKNOWN or holds UNKNOWN anywhere inside. */
export function containsUnknown(value: Value): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObjectValue(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Deep equality as HCL's `==` sees it: no conversion (`1 == "1"` is false),
 * object key order ignored. Callers handle UNKNOWN before asking.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]!));
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key]!, b[key]!));
  }
  return false;
}

/** A number as cty converts it to a string (Go's `%g`, shortest: `1.5`, `1e+21`, `1e-07`). */
export function numberToString(n: number): string {
  return numberText(n);
}

/** Number syntax cty accepts when converting a string to a number. */
const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A string, number or bool as a string (cty's conversion); undefined otherwise. */
export function asString(value: Value): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return numberToString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** A number, or a string holding a decimal number; undefined otherwise. */
export function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER_TEXT.test(value)) return Number(value);
  return undefined;
}

/** A bool, or the string `"true"` / `"false"`; undefined otherwise. */
export function asBool(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The value with duplicates removed, first occurrence kept (set semantics). */
export function distinctValues(values: Value[]): Value[] {
  const out: Value[] = [];
  for (const value of values) {
    if (!out.some((seen) => valuesEqual(seen, value))) out.push(value);
  }
  return out;
}

/** Object entries sorted by key, as cty iterates maps and objects. */
export function sortedEntries(value: ObjectValue): Array<[string, Value]> {
  return Object.keys(value)
    .sort(compareStrings)
    .map((key) => [key, value[key]!]);
}

/** Byte-wise (code point) string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A readable rendering of a value for messages (`"abc"`, `[1, 2]`, `{a = 1}`). */
export function describeValue(value: Value): string {
  if (isUnknown(value)) return '(known after build)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (isObjectValue(value)) {
    return `{${sortedEntries(value)
      .map(([k, v]) => `${k} = ${describeValue(v)}`)
      .join(', ')}}`;
  }
  return asString(value) ?? 'null';
}

/** Build an object value safely (keys like `__proto__` stay plain data). */
export function objectFromEntries(entries: Iterable<[string, Value]>): ObjectValue {
  const out: ObjectValue = Object.create(null) as ObjectValue;
  for (const [key, value] of entries) out[key] = value;
  return Object.setPrototypeOf(out, Object.prototype) as ObjectValue;
}

export { UNKNOWN, isUnknown };
