/**
 * Collection functions: chunklist coalesce coalescelist compact concat
 * contains distinct element flatten index keys length lookup merge range
 * reverse setintersection setproduct setsubtract setunion slice sort
 * values zipmap.
 */
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import {
  UNKNOWN,
  compareStrings,
  containsUnknown,
  distinctValues,
  isObjectValue,
  isUnknown,
  objectFromEntries,
  sortedEntries,
  valuesEqual,
  type ObjectValue,
} from '../value.js';
import { graphemes } from './strings.js';

const list = (v: Value | undefined): Value[] => v as Value[];
const int = (v: Value | undefined): number => Math.trunc(v as number);

function requireList(value: Value, index: number, what = 'a list'): Value[] {
  if (!Array.isArray(value)) throw new FunctionError(`${what} is required`, index);
  return value;
}

function requireObject(value: Value, index: number): ObjectValue {
  if (!isObjectValue(value)) throw new FunctionError('a map or object is required', index);
  return value;
}

function chunklist(items: Value[], size: number): Value {
  if (size < 0) throw new FunctionError('the size argument must be positive', 1);
  if (size === 0) return [items];
  const out: Value[] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function coalesce(values: Value[]): Value {
  for (const value of values) {
    if (isUnknown(value)) return UNKNOWN;
    if (value !== null && value !== '') return value;
  }
  throw new FunctionError('no non-null, non-empty-string arguments');
}

function coalescelist(values: Value[]): Value {
  values.forEach((value, i) => {
    if (value !== null && !isUnknown(value)) requireList(value, i, 'a list or tuple argument');
  });
  for (const value of values) {
    if (isUnknown(value)) return UNKNOWN;
    if (Array.isArray(value) && value.length > 0) return value;
  }
  throw new FunctionError('no non-null arguments');
}

function element(items: Value[], index: number): Value {
  if (items.length === 0) throw new FunctionError('cannot use element function with an empty list', 0);
  if (index < 0) throw new FunctionError('cannot use element function with a negative index', 1);
  return items[index % items.length]!;
}

function flatten(items: Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

function indexOf(items: Value[], value: Value): number {
  const found = items.findIndex((item) => valuesEqual(item, value));
  if (found < 0) throw new FunctionError('item not found', 1);
  return found;
}

/** length: characters of a string, elements of a list, attributes of an object. */
function length(value: Value): Value {
  if (typeof value === 'string') return graphemes(value).length;
  if (Array.isArray(value)) return value.length;
  if (isObjectValue(value)) return Object.keys(value).length;
  throw new FunctionError('argument must be a string, a collection type, or a structural type', 0);
}

function lookup(args: Value[]): Value {
  const [map, key, ...rest] = args;
  if (rest.length > 1) throw new FunctionError('lookup() takes at most three arguments', 3);
  const object = requireObject(map!, 0);
  if (Object.hasOwn(object, key as string)) return object[key as string]!;
  if (rest.length === 1) return rest[0]!;
  throw new FunctionError(`lookup failed to find key ${JSON.stringify(key)}`, 1);
}

function merge(values: Value[]): Value {
  const out: Array<[string, Value]> = [];
  values.forEach((value, i) => {
    if (value === null) return;
    for (const entry of Object.entries(requireObject(value, i))) out.push(entry);
  });
  return objectFromEntries(new Map(out));
}

/** range(limit), range(start, limit), range(start, limit, step), as cty (at most 1024 values). */
function range(args: Value[]): Value {
  const nums = args as number[];
  if (nums.length < 1 || nums.length > 3) throw new FunctionError('must have one, two, or three arguments');
  const [start, limit] = nums.length === 1 ? [0, nums[0]!] : [nums[0]!, nums[1]!];
  const step = nums[2] ?? (limit < start ? -1 : 1);
  if (step === 0) throw new FunctionError('step must not be zero', 2);
  if ((step < 0 && limit > start) || (step > 0 && limit < start)) {
    throw new FunctionError(
      step < 0
        ? 'step must be positive when start is less than limit'
        : 'step must be negative when start is greater than limit',
      2,
    );
  }
  const out: number[] = [];
  for (let v = start; step > 0 ? v < limit : v > limit; v += step) {
    if (out.length >= 1024)
      throw new FunctionError(
        'more than 1024 values were generated; either decrease the difference between start and limit or use a smaller step',
      );
    out.push(v);
  }
  return out;
}

function setOperation(sets: Value[], keep: (value: Value, others: Value[][]) => boolean): Value {
  const lists = sets.map((s, i) => requireList(s, i, 'a set'));
  const all = distinctValues(lists.flat());
  return sortSet(all.filter((value) => keep(value, lists)));
}

function sortSet(values: Value[]): Value[] {
  if (values.every((v) => typeof v === 'string')) return (values as string[]).sort(compareStrings);
  if (values.every((v) => typeof v === 'number')) return (values as number[]).sort((a, b) => a - b);
  return values;
}

/** A product larger than this would take the editor down with it; Packer templates never need one. */
const MAX_PRODUCT = 100_000;

function setproduct(sets: Value[]): Value {
  if (sets.length < 2) throw new FunctionError('at least two arguments are required');
  const size = sets.reduce<number>((n, set) => n * (Array.isArray(set) ? set.length : 1), 1);
  if (size > MAX_PRODUCT)
    throw new FunctionError(`the product would have ${size} elements, more than the ${MAX_PRODUCT} supported`);
  let product: Value[][] = [[]];
  sets.forEach((set, i) => {
    const items = requireList(set, i, 'a list or set');
    product = product.flatMap((prefix) => items.map((item) => [...prefix, item]));
  });
  return product;
}

function slice(items: Value[], start: number, end: number): Value {
  if (start < 0) throw new FunctionError('start index must not be less than zero', 1);
  if (end > items.length) throw new FunctionError('end index must not be greater than the length of the list', 2);
  if (start > end) throw new FunctionError('start index must not be greater than end index', 1);
  return items.slice(start, end);
}

function zipmap(keys: Value[], values: Value[]): Value {
  if (keys.length !== values.length) {
    throw new FunctionError(`number of keys (${keys.length}) does not match number of values (${values.length})`, 1);
  }
  return objectFromEntries(keys.map((k, i) => [k as string, values[i]!]));
}

/** matchkeys: the values whose key (same position) is among the search keys. */
function matchkeys(values: Value[], keys: Value[], searchset: Value[]): Value {
  if (values.length !== keys.length) throw new FunctionError('length of keys and values should be equal', 1);
  return values.filter((_, i) => searchset.some((s) => valuesEqual(s, keys[i]!)));
}

/** transpose: a map of lists turned inside out (each value becomes a key listing the keys it was under). */
function transpose(map: ObjectValue): Value {
  const out = new Map<string, string[]>();
  for (const [key, list] of sortedEntries(map)) {
    for (const item of list as string[]) out.set(item, [...(out.get(item) ?? []), key]);
  }
  return objectFromEntries([...out].sort(([a], [b]) => compareStrings(a, b)));
}

/** one: the only element of a list of at most one, or null. */
function one(items: Value[]): Value {
  if (items.length > 1)
    throw new FunctionError('must be a list, set, or tuple value with either zero or one elements', 0);
  return items[0] ?? null;
}

function sum(items: Value[]): Value {
  if (items.length === 0) throw new FunctionError('cannot sum an empty list', 0);
  return (items as number[]).reduce((a, b) => a + b, 0);
}

/** concat: the lists end to end; every argument must be a list. */
function concat(lists: Value[]): Value {
  return lists.flatMap((l, i) => requireList(l, i, 'a list, set or tuple'));
}

/** The collection functions of the library. */
export const collectionFunctions: HclFunction[] = [
  fn(
    'chunklist',
    'Splits a list into lists of at most the given size.',
    [param('list', T.list(T.any)), param('size', T.number)],
    T.list(T.list(T.any)),
    ([l, n]) => chunklist(list(l), int(n)),
  ),
  fn('coalesce', 'The first argument that is not null and not an empty string.', [], T.any, coalesce, {
    variadic: param('vals', T.any, { allowNull: true, allowUnknown: true }),
  }),
  fn('coalescelist', 'The first argument that is a non-empty list.', [], T.any, coalescelist, {
    variadic: param('vals', T.any, { allowNull: true, allowUnknown: true }),
  }),
  fn(
    'compact',
    'Removes empty strings and nulls from a list of strings.',
    [param('list', T.list(T.string))],
    T.list(T.string),
    ([l]) => list(l).filter((v) => v !== '' && v !== null),
  ),
  fn('concat', 'Combines lists into one list.', [], T.list(T.any), concat, { variadic: param('seqs', T.any) }),
  fn(
    'contains',
    'Whether a list or set contains the given value.',
    [param('list', T.any), param('value', T.any)],
    T.bool,
    ([l, v]) => requireList(l!, 0, 'a list or set').some((item) => valuesEqual(item, v!)),
  ),
  fn(
    'distinct',
    'Removes duplicate elements from a list, keeping the first of each.',
    [param('list', T.list(T.any))],
    T.list(T.any),
    ([l]) => distinctValues(list(l)),
  ),
  fn(
    'element',
    'The element of a list at the given index, wrapping around past the end.',
    [param('list', T.any), param('index', T.number)],
    T.any,
    ([l, i]) => element(requireList(l!, 0), int(i)),
  ),
  fn(
    'flatten',
    'Replaces nested lists with their elements, recursively.',
    [param('list', T.any)],
    T.list(T.any),
    ([l]) => flatten(requireList(l!, 0)),
  ),
  fn(
    'index',
    'The index of the first element of a list equal to the given value.',
    [param('list', T.any), param('value', T.any)],
    T.number,
    ([l, v]) => indexOf(requireList(l!, 0), v!),
  ),
  fn('keys', 'The keys of a map or object, in lexical order.', [param('inputMap', T.any)], T.list(T.string), ([m]) =>
    Object.keys(requireObject(m!, 0)).sort(compareStrings),
  ),
  fn(
    'length',
    'The number of elements of a list, map or object, or of characters in a string.',
    [param('value', T.any, { allowUnknown: true })],
    T.number,
    ([v]) => (isUnknown(v!) || (!Array.isArray(v) && containsUnknown(v!)) ? UNKNOWN : length(v!)),
  ),
  fn(
    'lookup',
    'The value of a single key of a map, or the default when the key is absent.',
    [param('inputMap', T.any), param('key', T.string)],
    T.any,
    lookup,
    {
      variadic: param('default', T.any, { allowNull: true }),
    },
  ),
  fn('merge', 'Merges maps or objects; later arguments win for keys in several.', [], T.any, merge, {
    variadic: param('maps', T.any, { allowNull: true }),
  }),
  fn(
    'range',
    'A list of numbers: range(limit), range(start, limit) or range(start, limit, step).',
    [],
    T.list(T.number),
    range,
    { variadic: param('params', T.number) },
  ),
  fn('reverse', 'The elements of a list in reverse order.', [param('list', T.any)], T.list(T.any), ([l]) =>
    [...requireList(l!, 0)].reverse(),
  ),
  fn(
    'setintersection',
    'The elements all the given sets have in common.',
    [param('first_set', T.any)],
    T.set(T.any),
    (sets) => setOperation(sets, (value, lists) => lists.every((l) => l.some((item) => valuesEqual(item, value)))),
    { variadic: param('other_sets', T.any) },
  ),
  fn('setproduct', 'Every combination of one element from each of the given sets.', [], T.list(T.any), setproduct, {
    variadic: param('sets', T.any),
  }),
  fn(
    'setsubtract',
    'The elements of the first set that are not in the second.',
    [param('a', T.any), param('b', T.any)],
    T.set(T.any),
    (sets) =>
      setOperation(
        sets,
        (value, [a, b]) => a!.some((item) => valuesEqual(item, value)) && !b!.some((item) => valuesEqual(item, value)),
      ),
  ),
  fn(
    'setunion',
    'The elements of any of the given sets, each once.',
    [param('first_set', T.any)],
    T.set(T.any),
    (sets) => setOperation(sets, () => true),
    {
      variadic: param('other_sets', T.any),
    },
  ),
  fn(
    'slice',
    'The consecutive elements of a list from start (inclusive) to end (exclusive).',
    [param('list', T.any), param('start_index', T.number), param('end_index', T.number)],
    T.list(T.any),
    ([l, s, e]) => slice(requireList(l!, 0), int(s), int(e)),
  ),
  fn('sort', 'A list of strings in lexical order.', [param('list', T.list(T.string))], T.list(T.string), ([l]) =>
    [...(list(l) as string[])].sort(compareStrings),
  ),
  fn(
    'values',
    'The values of a map or object, in the lexical order of their keys.',
    [param('mapping', T.any)],
    T.list(T.any),
    ([m]) => sortedEntries(requireObject(m!, 0)).map(([, v]) => v),
  ),
  fn(
    'matchkeys',
    'The elements of a list whose key, at the same position in a second list, is in a search set.',
    [param('values', T.list(T.any)), param('keys', T.list(T.any)), param('searchset', T.list(T.any))],
    T.list(T.any),
    ([v, k, s]) => matchkeys(list(v), list(k), list(s)),
  ),
  fn(
    'transpose',
    'Swaps the keys and values of a map of lists of strings.',
    [param('values', T.map(T.list(T.string)))],
    T.map(T.list(T.string)),
    ([m]) => transpose(m as ObjectValue),
  ),
  fn(
    'one',
    'The single element of a list of zero or one elements (null when empty).',
    [param('list', T.list(T.any), { allowNull: true })],
    T.any,
    ([l]) => (l === null ? null : one(list(l))),
  ),
  fn('sum', 'The total of a list of numbers.', [param('list', T.list(T.number))], T.number, ([l]) => sum(list(l))),
  fn(
    'alltrue',
    'Whether every element of a list of bools is true (true for an empty list).',
    [param('list', T.list(T.bool))],
    T.bool,
    ([l]) => list(l).every((b) => b === true),
  ),
  fn(
    'anytrue',
    'Whether any element of a list of bools is true (false for an empty list).',
    [param('list', T.list(T.bool))],
    T.bool,
    ([l]) => list(l).some((b) => b === true),
  ),
  fn(
    'zipmap',
    'A map built from a list of keys and a list of values.',
    [param('keys', T.list(T.string)), param('values', T.any)],
    T.map(T.any),
    ([k, v]) => zipmap(list(k), requireList(v!, 1)),
  ),
];
