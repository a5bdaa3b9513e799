/** A component's defaults, from its schema (the one place defaults live). */
import type { Value } from '../evaluation-model.js';
import { fieldsOf, schemaFor } from '../schema/registry.js';
import type { SchemaKind } from '../schema/schema-types.js';
import type { Fields } from './plan-values.js';

/** Schema defaults under the given values. */
export function withDefaults(kind: SchemaKind, type: string, values: Fields): Fields {
  const schema = schemaFor(kind, type);
  const defaults: Fields = {};
  for (const field of schema ? fieldsOf(schema) : []) {
    if (field.hasDefault) defaults[field.name] = structuredClone(field.default) as Value;
  }
  return { ...defaults, ...values };
}

/** The schema's default of one field. */
export function defaultOf(kind: SchemaKind, type: string, field: string): Value | undefined {
  const schema = schemaFor(kind, type);
  return schema ? (fieldsOf(schema).find((f) => f.name === field)?.default as Value | undefined) : undefined;
}
