/**
 * Which fields a block still needs, from its schema and the names already
 * written in it (their values unknown): what completion marks as required.
 * Beside the schema's `required`, a rule `if … then required` counts when
 * its condition holds whatever the values are (`source_image` is required
 * unless `from_scratch` is set); a condition that depends on a value is
 * left undecided, and its fields unmarked (never a false "required").
 */
import { resolveRef } from './registry.js';
import type { JsonSchema } from './schema-types.js';

/** True, false, or undefined when it depends on values not known. */
type Verdict = boolean | undefined;

/** The fields the schema requires of an object with these names written. */
export function requiredFields(schema: JsonSchema, written: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  collect(schema, schema, written, out);
  return out;
}

function collect(schema: JsonSchema, base: JsonSchema, written: ReadonlySet<string>, out: Set<string>): void {
  for (const name of schema.required ?? []) out.add(name);
  for (const part of schema.allOf ?? []) {
    if (part.$ref) {
      // A shared group of fields: its own requirements, relative to its own document.
      const target = resolveRef(part.$ref, base);
      collect(target, target, written, out);
    } else if (part.if) {
      const holds = condition(part.if, written);
      const branch = holds === true ? part.then : holds === false ? part.else : undefined;
      if (branch) collect(branch, base, written, out);
    } else collect(part, base, written, out);
  }
}

/** Whether an object with `written` names satisfies a condition schema, values unknown. */
function condition(schema: JsonSchema, written: ReadonlySet<string>): Verdict {
  const verdicts: Verdict[] = [];
  if (schema.required) verdicts.push(schema.required.every((n) => written.has(n)));
  // A property constraint holds for an absent property; a written one's value is unknown.
  if (schema.properties) verdicts.push(Object.keys(schema.properties).some((n) => written.has(n)) ? undefined : true);
  if (schema.not) verdicts.push(not(condition(schema.not, written)));
  for (const part of schema.allOf ?? []) verdicts.push(condition(part, written));
  if (schema.anyOf) verdicts.push(any(schema.anyOf.map((part) => condition(part, written))));
  const keywords = new Set(['required', 'properties', 'not', 'allOf', 'anyOf']);
  if (Object.keys(schema).some((k) => !keywords.has(k))) verdicts.push(undefined);
  return all(verdicts);
}

function not(v: Verdict): Verdict {
  return v === undefined ? undefined : !v;
}

function all(vs: Verdict[]): Verdict {
  if (vs.includes(false)) return false;
  return vs.includes(undefined) ? undefined : true;
}

function any(vs: Verdict[]): Verdict {
  if (vs.includes(true)) return true;
  return vs.includes(undefined) ? undefined : false;
}
