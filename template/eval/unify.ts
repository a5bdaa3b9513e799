/**
 * The two results of a conditional must have one type; HCL converts them
 * to it (`true ? 1 : "a"` is `"1"`). This does that for primitives and for
 * lists and maps of primitives, which is what templates mix in practice.
 */
import type { Value } from '../evaluation-model.js';
import { convertValue } from './convert.js';
import { T, type HclType } from './types.js';
import { isObjectValue, isUnknown, kindOf, type ValueKind } from './value.js';

/** The chosen result converted to the common type, or the two kinds that have none. */
export type UnifyResult = { ok: true; value: Value } | { ok: false; kinds: [ValueKind, ValueKind] };

const PRIMITIVE = new Set<ValueKind>(['string', 'number', 'bool']);

/** Unifies the chosen result with the other branch's result. */
export function unifyBranches(chosen: Value, other: Value): UnifyResult {
  if (isUnknown(chosen) || isUnknown(other) || chosen === null || other === null) return { ok: true, value: chosen };
  const a = kindOf(chosen);
  const b = kindOf(other);
  if (PRIMITIVE.has(a) && PRIMITIVE.has(b)) return unifyPrimitives(chosen, a, b);
  if (Array.isArray(chosen) && Array.isArray(other)) return unifyElements(chosen, [...chosen, ...other], 'list');
  if (isObjectValue(chosen) && isObjectValue(other)) {
    return unifyElements(chosen, [...Object.values(chosen), ...Object.values(other)], 'map');
  }
  return { ok: true, value: chosen };
}

function unifyPrimitives(chosen: Value, a: ValueKind, b: ValueKind): UnifyResult {
  if (a === b) return { ok: true, value: chosen };
  if (a === 'string' || b === 'string') return toStringKind(chosen, T.string);
  return { ok: false, kinds: [a, b] };
}

/** Elements of mixed primitive kinds including strings become strings; any other mix is left alone. */
function unifyElements(chosen: Value, elements: Value[], shape: 'list' | 'map'): UnifyResult {
  const kinds = new Set(elements.filter((e) => e !== null && !isUnknown(e)).map(kindOf));
  if (kinds.size < 2 || ![...kinds].every((k) => PRIMITIVE.has(k)) || !kinds.has('string'))
    return { ok: true, value: chosen };
  return toStringKind(chosen, shape === 'list' ? T.list(T.string) : T.map(T.string));
}

function toStringKind(chosen: Value, type: HclType): UnifyResult {
  const converted = convertValue(chosen, type);
  return converted.ok ? { ok: true, value: converted.value } : { ok: true, value: chosen };
}
