/**
 * Turns ajv's errors into diagnostics that mark the right text, the way the
 * JSON language service does: an unknown key marks the key (with a
 * did-you-mean), a wrong value marks the value, a missing field marks the
 * block header, and a defect in a list marks that element.
 */
import type { Diagnostic, Range, Syntax } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import type { LocatedJson, SourceLocation } from './body-to-json.js';
import { describeType, quoteValue, valueKind } from './describe-type.js';
import { childPointer, pointerAndAncestors, pointerSteps } from './json-pointer.js';
import type { SchemaError } from './load-validator.js';
import { elementSchema, fieldsOf, resolveRef, schemaAtPath } from './registry.js';
import type { JsonSchema } from './schema-types.js';

/** What the mapping needs besides the errors. */
export interface ErrorMappingContext {
  file: string;
  /** The schema that was validated. */
  root: JsonSchema;
  located: LocatedJson;
  /** What a missing field at the top marks: the block header. */
  headerRange: Range;
  /** How messages name the block: `source "chroot"`. */
  blockLabel: string;
  /** The template's syntax: Packer words a removed field differently in each. */
  syntax: Syntax;
}

/** Diagnostics for ajv's errors; errors about UNKNOWN values are dropped. */
export function mapSchemaErrors(errors: SchemaError[], ctx: ErrorMappingContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` and `anyOf` only summarise: their branches' own errors say what is wrong.
    if (error.keyword === 'if' || error.keyword === 'anyOf' || concernsUnknown(error, ctx)) continue;
    const diagnostic = mapOne(error, ctx);
    if (!diagnostic) continue;
    const key = `${diagnostic.code}@${JSON.stringify(diagnostic.range)}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

function mapOne(error: SchemaError, ctx: ErrorMappingContext): Diagnostic | undefined {
  const rule = ruleOf(error.schemaPath, ctx.root);
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return unknownField(error, ctx);
    case 'required':
    case 'dependentRequired':
      return missingField(error, ctx, rule);
    case 'not':
    case 'oneOf':
      return conflictingField(error, ctx, rule);
    case 'type':
      return invalidType(error, ctx);
    default:
      return invalidValue(error, ctx, rule);
  }
}

function unknownField(error: SchemaError, ctx: ErrorMappingContext): Diagnostic | undefined {
  const name = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
  const candidates = knownNamesAt(error.instancePath, ctx.root);
  // With unevaluatedProperties, a known field whose own value failed is also "unevaluated": its real error is elsewhere.
  if (candidates.includes(name)) return undefined;
  const location = locate(childPointer(error.instancePath, name), ctx);
  const removed = error.instancePath === '' ? removedField(name, ctx) : undefined;
  if (removed) return { ...removed, range: location.key ?? location.value };
  const suggestions = suggest(name, candidates);
  return {
    file: ctx.file,
    range: location.key ?? location.value,
    severity: 'error',
    code: 'unknown-field',
    message: `Unknown field "${name}" in ${containerLabel(error.instancePath, ctx)}.${didYouMean(suggestions)}`,
    data: { suggestions, field: name },
  };
}

/**
 * A field the plugin once had (`x-removed-fields`), in Packer's words: legacy JSON gets the SDK's "Deprecated
 * configuration key", HCL the "not expected here" of an argument the plugin's spec no longer has.
 */
function removedField(name: string, ctx: ErrorMappingContext): Omit<Diagnostic, 'range'> | undefined {
  const removed = ctx.root['x-removed-fields'];
  const instead = removed && Object.hasOwn(removed, name) ? removed[name] : undefined;
  if (instead === undefined) return undefined;
  const message =
    ctx.syntax === 'json'
      ? `Deprecated configuration key: '${name}'. It was removed from ${ctx.blockLabel}: ${instead}`
      : `An argument named "${name}" is not expected here: it was removed from ${ctx.blockLabel}; ${instead}`;
  return { file: ctx.file, severity: 'error', code: 'removed-field', message, data: { field: name } };
}

function missingField(error: SchemaError, ctx: ErrorMappingContext, rule: JsonSchema | undefined): Diagnostic {
  const name = String(error.params.missingProperty);
  const location = error.instancePath === '' ? undefined : locate(error.instancePath, ctx);
  const range = location ? (location.header ?? location.value) : ctx.headerRange;
  const message =
    rule?.['x-message'] ?? `Missing required field "${name}" in ${containerLabel(error.instancePath, ctx)}.`;
  return { file: ctx.file, range, severity: 'error', code: 'missing-field', message, data: { field: name } };
}

function conflictingField(error: SchemaError, ctx: ErrorMappingContext, rule: JsonSchema | undefined): Diagnostic {
  const field = rule?.['x-field'];
  const location = locate(field ? childPointer(error.instancePath, field) : error.instancePath, ctx);
  const range = location.key ?? location.value;
  const message = rule?.['x-message'] ?? `Invalid combination of fields in ${containerLabel(error.instancePath, ctx)}.`;
  return {
    file: ctx.file,
    range,
    severity: 'error',
    code: 'conflicting-fields',
    message,
    data: field ? { field } : undefined,
  };
}

function invalidType(error: SchemaError, ctx: ErrorMappingContext): Diagnostic {
  const schema = schemaAt(error.instancePath, ctx.root) ?? { type: error.params.type as string };
  const value = valueAt(ctx.located.data, error.instancePath);
  return {
    file: ctx.file,
    range: locate(error.instancePath, ctx).value,
    severity: 'error',
    code: 'invalid-type',
    message: `${subject(error.instancePath)} must be ${describeType(schema)}, not ${valueKind(value)}.`,
  };
}

function invalidValue(error: SchemaError, ctx: ErrorMappingContext, rule: JsonSchema | undefined): Diagnostic {
  const schema = schemaAt(error.instancePath, ctx.root);
  const value = valueAt(ctx.located.data, error.instancePath);
  const range = locate(error.instancePath, ctx).value;
  const base = { file: ctx.file, range, severity: 'error' as const, code: 'invalid-value' };
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    const allowed = error.params.allowedValues.map(String);
    const suggestions = typeof value === 'string' ? suggest(value, allowed) : [];
    return {
      ...base,
      message: `${subject(error.instancePath)} must be one of ${allowed.map((v) => `"${v}"`).join(', ')}; got ${quoteValue(value)}.${didYouMean(suggestions)}`,
      data: { suggestions },
    };
  }
  const explanation = rule?.['x-message'] ?? schema?.['x-message'] ?? error.message ?? 'is invalid';
  return { ...base, message: `${subject(error.instancePath)}: ${quoteValue(value)} ${lowerFirst(explanation)}` };
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** `"mount_options"`, or `Element 3 of "mount_options"` for a list element. */
function subject(pointer: string): string {
  const steps = pointerSteps(pointer);
  const last = steps[steps.length - 1];
  if (last === undefined) return 'The block';
  if (/^[0-9]+$/.test(last)) {
    const owner =
      steps
        .slice(0, -1)
        .filter((s) => !/^[0-9]+$/.test(s))
        .pop() ?? 'the list';
    return `Element ${Number(last) + 1} of "${owner}"`;
  }
  return `"${steps.filter((s) => !/^[0-9]+$/.test(s)).join('.')}"`;
}

/** `source "chroot"` at the top, `block "ami_block_device_mappings"` below. */
function containerLabel(pointer: string, ctx: ErrorMappingContext): string {
  const owner = pointerSteps(pointer)
    .filter((s) => !/^[0-9]+$/.test(s))
    .pop();
  return owner ? `"${owner}"` : ctx.blockLabel;
}

/** The text behind a pointer, or behind its nearest located ancestor. */
function locate(pointer: string, ctx: ErrorMappingContext): SourceLocation {
  for (const candidate of pointerAndAncestors(pointer)) {
    const found = ctx.located.locations.get(candidate);
    if (found) return found;
  }
  return { value: ctx.headerRange };
}

function concernsUnknown(error: SchemaError, ctx: ErrorMappingContext): boolean {
  const unknown = ctx.located.unknown;
  if (unknown.size === 0) return false;
  if (pointerAndAncestors(error.instancePath).some((p) => unknown.has(p))) return true;
  // A rule whose condition reads an UNKNOWN field cannot be decided.
  const rule = ruleOf(error.schemaPath, ctx.root);
  return rule ? conditionFields(rule).some((f) => unknown.has(childPointer(error.instancePath, f))) : false;
}

function conditionFields(rule: JsonSchema): string[] {
  const condition = rule.if ?? {};
  const inner = condition.not ?? condition;
  return [...(inner.required ?? []), ...Object.keys(inner.properties ?? {})];
}

/** The `allOf` rule an error comes from (the innermost one with a message), if any. */
function ruleOf(schemaPath: string, root: JsonSchema): JsonSchema | undefined {
  let rule: JsonSchema | undefined;
  for (const match of schemaPath.matchAll(/\/allOf\/[0-9]+/g)) {
    const candidate = safeResolve(schemaPath.slice(0, match.index + match[0].length), root);
    if (candidate?.['x-message']) rule = candidate;
  }
  return rule;
}

function safeResolve(path: string, root: JsonSchema): JsonSchema | undefined {
  try {
    return resolveRef(path.startsWith('#') ? path : `#${path}`, root);
  } catch {
    return undefined;
  }
}

/** The schema describing the value at a pointer. */
function schemaAt(pointer: string, root: JsonSchema): JsonSchema | undefined {
  return schemaAtPath(root, pointerSteps(pointer));
}

/** Field names allowed in the object at a pointer (did-you-mean candidates). */
function knownNamesAt(pointer: string, root: JsonSchema): string[] {
  let container = schemaAt(pointer, root);
  if (container?.type === 'array') container = elementSchema(container, root);
  return container
    ? fieldsOf(container)
        .filter((f) => !f.internal)
        .map((f) => f.name)
    : [];
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const step of pointerSteps(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}
