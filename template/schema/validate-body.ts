/**
 * Validates one block body (a source, provisioner, post-processor, variable,
 * …) against its schema: unknown fields, types, allowed values, required
 * fields and the schema's rules, each reported on the text it concerns.
 */
import type { Body, Diagnostic, Expr, Range, Syntax } from '../model.js';
import type { Value } from '../evaluation-model.js';
import { bodyToJson, type Iterators, type LocatedJson } from './body-to-json.js';
import { schemaFile } from './catalog.js';
import { pointerSteps } from './json-pointer.js';
import { validatorFor } from './load-validator.js';
import { mapSchemaErrors } from './map-errors.js';
import { strictTypeErrors } from './strict-types.js';
import { fieldAtPath, hasDeprecatedField, schemaFor } from './registry.js';
import type { JsonSchema, SchemaRef } from './schema-types.js';

/** What validation needs from the caller. */
export interface ValidateBodyContext {
  file: string;
  syntax: Syntax;
  /** Evaluates an expression of the body (UNKNOWN when it cannot be known yet), with the iterators of `dynamic` blocks around it. */
  evaluate: (expr: Expr, iterators?: Iterators) => Value;
  /** The block header, marked by "missing field" (defaults to the start of the body). */
  headerRange?: Range;
  /** How messages name the block, e.g. `source "chroot"` (default: from the schema ref). */
  blockLabel?: string;
}

/**
 * Diagnostics for one body. Returns [] for a type without a schema: an
 * unknown type is reported where the type is declared, not here.
 */
export function validateBody(body: Body, ref: SchemaRef, ctx: ValidateBodyContext): Diagnostic[] {
  const file = schemaFile(ref.kind, ref.type);
  const schema = schemaFor(ref.kind, ref.type);
  if (!file || !schema) return [];
  const located = bodyToJson(body, schema, ctx);
  const strict = strictTypeErrors(located, schema, ctx.file, ctx.syntax);
  const validate = validatorFor(file);
  // The validator coerces scalars in place (Packer's conversions); `located.data` is ours to change.
  const errors = validate(located.data) ? [] : (validate.errors ?? []);
  const headerRange = ctx.headerRange ?? { start: body.range.start, end: body.range.start };
  const blockLabel = ctx.blockLabel ?? (ref.type ? `${ref.kind} "${ref.type}"` : ref.kind);
  return [
    ...located.diagnostics,
    ...strict,
    ...mapSchemaErrors(errors, { file: ctx.file, root: schema, located, headerRange, blockLabel, syntax: ctx.syntax }),
    ...deprecationWarnings(located, schema, ctx.file),
  ];
}

/** A warning on each field the schema marks deprecated, at its key. */
function deprecationWarnings(located: LocatedJson, schema: JsonSchema, file: string): Diagnostic[] {
  if (!hasDeprecatedField(schema)) return [];
  const out: Diagnostic[] = [];
  for (const [pointer, location] of located.locations) {
    if (!location.key) continue;
    const steps = pointerSteps(pointer);
    if (/^[0-9]+$/.test(steps[steps.length - 1] ?? '')) continue;
    const field = fieldAtPath(schema, steps);
    if (field?.deprecated) {
      out.push({
        file,
        range: location.key,
        severity: 'warning',
        code: 'deprecated-field',
        message: `"${field.name}" is deprecated: ${field.deprecated}`,
        data: { field: field.name },
      });
    }
  }
  return out;
}
