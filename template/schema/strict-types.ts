/**
 * Values Packer does not convert. Scalars are converted freely elsewhere
 * (the validators coerce, as Packer's decoding does), but a few places read
 * JSON as it is: legacy `"variables"` values must be strings or null, and
 * Packer stops with "expected type 'string'" for a number. Fields marked
 * `x-no-coerce` are checked here, before the coercing validator runs.
 */
import type { Diagnostic } from '../model.js';
import type { LocatedJson } from './body-to-json.js';
import { describeType, valueKind } from './describe-type.js';
import { pointerSteps } from './json-pointer.js';
import { schemaAtPath } from './registry.js';
import type { JsonSchema } from './schema-types.js';

/** Diagnostics for `x-no-coerce` values of the wrong JSON type; those values are removed from `located.data`. */
export function strictTypeErrors(located: LocatedJson, root: JsonSchema, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [pointer, location] of located.locations) {
    const steps = pointerSteps(pointer);
    const schema = schemaAtPath(root, steps);
    if (!schema?.['x-no-coerce'] || located.unknown.has(pointer)) continue;
    const container = parentOf(located.data, steps);
    const key = steps[steps.length - 1];
    if (!container || key === undefined || !(key in container)) continue;
    const value = container[key];
    if (matchesType(value, schema)) continue;
    out.push({
      file,
      range: location.value,
      severity: 'error',
      code: 'invalid-type',
      message: `"${steps.join('.')}" must be ${describeType(schema)}, not ${valueKind(value)}; Packer does not convert it.`,
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

function matchesType(value: unknown, schema: JsonSchema): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.length === 0 || types.some((type) => jsonTypeOf(value) === type || (type === 'number' && jsonTypeOf(value) === 'integer'));
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
