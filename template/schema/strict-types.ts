/**
 * Values Packer does not convert. The validators coerce scalars as Packer's
 * decoding mostly does, with two exceptions checked here, before they run:
 * - fields marked `x-no-coerce` take no conversion at all (legacy
 *   `"variables"` values must be strings or null: Packer stops with
 *   "expected type 'string'" for a number);
 * - HCL (cty) converts strings to and from numbers and booleans, but never
 *   a number to a boolean or back ("bool required"), where JSON's weak
 *   decoding and ajv both would.
 */
import type { Diagnostic, Syntax } from '../model.js';
import type { LocatedJson } from './body-to-json.js';
import { describeType, valueKind } from './describe-type.js';
import { pointerSteps } from './json-pointer.js';
import { schemaAtPath, schemaMentions } from './registry.js';
import type { JsonSchema } from './schema-types.js';

/** Diagnostics for values Packer would not convert; those values are removed from `located.data`. */
export function strictTypeErrors(located: LocatedJson, root: JsonSchema, file: string, syntax: Syntax): Diagnostic[] {
  // Without `x-no-coerce` only HCL's numbers and booleans can fail: most bodies need no schema lookup at all.
  const noCoerce = schemaMentions(root, 'x-no-coerce');
  if (!noCoerce && syntax !== 'hcl') return [];
  const out: Diagnostic[] = [];
  for (const [pointer, location] of located.locations) {
    if (located.unknown.has(pointer)) continue;
    const steps = pointerSteps(pointer);
    const container = parentOf(located.data, steps);
    const key = steps[steps.length - 1];
    if (!container || key === undefined || !(key in container)) continue;
    const value = container[key];
    if (!noCoerce && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const schema = schemaAtPath(root, steps);
    if (!schema) continue;
    const convertible = schema['x-no-coerce']
      ? matchesType(value, schema)
      : syntax !== 'hcl' || !numberBoolMismatch(value, schema);
    if (convertible) continue;
    out.push({
      file,
      range: location.value,
      severity: 'error',
      code: 'invalid-type',
      message: `"${steps.join('.')}" must be ${describeType(schema)}, not ${valueKind(value)}; Packer does not convert it here.`,
    });
    delete container[key]; // reported once, here, not again by the coercing validator
  }
  return out;
}

function parentOf(data: Record<string, unknown>, steps: string[]): Record<string, unknown> | undefined {
  let node: unknown = data;
  for (const step of steps.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

function typesOf(schema: JsonSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** A number for a field that takes only booleans, or a boolean for one that takes only numbers. */
function numberBoolMismatch(value: unknown, schema: JsonSchema): boolean {
  const types = typesOf(schema);
  if (types.includes('string')) return false; // both convert to strings
  const numeric = types.includes('number') || types.includes('integer');
  if (typeof value === 'number') return types.includes('boolean') && !numeric;
  if (typeof value === 'boolean') return numeric && !types.includes('boolean');
  return false;
}

function matchesType(value: unknown, schema: JsonSchema): boolean {
  const types = typesOf(schema);
  return (
    types.length === 0 ||
    types.some((type) => jsonTypeOf(value) === type || (type === 'number' && jsonTypeOf(value) === 'integer'))
  );
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
