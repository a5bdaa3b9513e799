/**
 * A block body as the plain JSON value a schema validates, remembering where
 * each piece came from so a schema error can mark the right text: a key, a
 * value, one list element, or a nested block's header.
 *
 * HCL nested blocks become an object, or an array of objects when the field
 * is repeatable. Values come from the caller's evaluator; UNKNOWN values are
 * recorded so that no error is reported against them.
 */
import type { Block, Body, Expr, Range, Syntax } from '../model.js';
import { UNKNOWN, isUnknown, type Value } from '../evaluation-model.js';
import { childPointer } from './json-pointer.js';
import { elementSchema, fieldNamed, deref } from './registry.js';
import type { JsonSchema } from './schema-types.js';
import type { Diagnostic } from '../model.js';

/** The text behind one JSON Pointer of the converted value. */
export interface SourceLocation {
  /** The key (attribute name, object key, or block type). */
  key?: Range;
  /** The value (or the whole block). */
  value: Range;
  /** A nested block's header: what a missing field inside it marks. */
  header?: Range;
}

/** The JSON a schema sees, plus where it came from. */
export interface LocatedJson {
  data: Record<string, unknown>;
  /** JSON Pointer → source text. */
  locations: Map<string, SourceLocation>;
  /** Pointers whose values are UNKNOWN (no errors at or below them). */
  unknown: Set<string>;
  /** Structural defects found while converting (attribute written as a block and vice versa). */
  diagnostics: Diagnostic[];
}

/** Iterators of the `dynamic` blocks around an expression, by name. */
export type Iterators = Readonly<Record<string, Value>>;

/** What the conversion needs from the caller. */
export interface ConversionContext {
  file: string;
  syntax: Syntax;
  /** Evaluates an expression of the body; `iterators` are those of enclosing `dynamic` blocks. */
  evaluate: (expr: Expr, iterators?: Iterators) => Value;
}

/** Converts a block body, guided by its schema (for nested-block shapes). */
export function bodyToJson(body: Body, schema: JsonSchema, ctx: ConversionContext): LocatedJson {
  const out: LocatedJson = { data: {}, locations: new Map(), unknown: new Set(), diagnostics: [] };
  out.data = convertBody(body, schema, schema, '', { ...ctx, iterators: {} }, out);
  return out;
}

/** The conversion inside some `dynamic` blocks. */
interface ScopedContext extends ConversionContext {
  iterators: Iterators;
}

function convertBody(
  body: Body,
  schema: JsonSchema,
  root: JsonSchema,
  pointer: string,
  ctx: ScopedContext,
  out: LocatedJson,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const attribute of body.attributes) {
    const field = fieldNamed(schema, attribute.name);
    const at = childPointer(pointer, attribute.name);
    if (ctx.syntax === 'hcl' && field?.hclBlock) {
      out.diagnostics.push(
        shapeDiagnostic(
          ctx.file,
          attribute.nameRange,
          'expected-block',
          `"${attribute.name}" is written as a block in HCL: ${attribute.name} { … }, not ${attribute.name} = …`,
        ),
      );
      continue;
    }
    const value: Value = field?.schema['x-unevaluated'] ? UNKNOWN : ctx.evaluate(attribute.value, ctx.iterators);
    // null means "not set" for a known field, in HCL and in Packer's JSON decoding; an unknown key is still unknown.
    if (field && (value === null || (root['x-empty-is-unset'] && isGoZeroValue(value)))) continue;
    out.locations.set(at, { key: attribute.nameRange, value: attribute.value.range });
    if (ctx.syntax === 'json' && field?.types.length === 1 && field.types[0] === 'array' && isSingle(value)) {
      // mapstructure's weak decoding makes a one-element list of a single value (Packer reports it as `field[0]`).
      data[attribute.name] = [plain(value, attribute.value, childPointer(at, 0), out)];
    } else {
      data[attribute.name] = plain(value, attribute.value, at, out);
    }
  }
  for (const { block, iterators } of body.blocks.flatMap((b) => expandDynamic(b, ctx))) {
    const field = fieldNamed(schema, block.type);
    const at = childPointer(pointer, block.type);
    if (!field) {
      // A block the schema does not know is one fault (its type, reported by the validator): its body is not read.
      if (!(block.type in data)) {
        out.locations.set(at, blockLocation(block));
        data[block.type] = {};
      }
      continue;
    }
    if (!field.hclBlock) {
      out.diagnostics.push(
        shapeDiagnostic(
          ctx.file,
          block.typeRange,
          'expected-attribute',
          `"${block.type}" is an argument, not a block: write ${block.type} = …`,
        ),
      );
      continue;
    }
    const repeatable = field.hclBlock === 'repeatable';
    const blockSchema = repeatable ? (elementSchema(field.schema, root) ?? {}) : deref(field.schema, root);
    // Blocks checked elsewhere by their own type (a build's provisioners) count here only as present.
    const convert = (at: string): Record<string, unknown> =>
      field.schema['x-separate'] ? {} : convertBody(block.body, blockSchema, root, at, { ...ctx, iterators }, out);
    if (repeatable) {
      const list = (data[block.type] as unknown[] | undefined) ?? [];
      if (list.length === 0) out.locations.set(at, blockLocation(block));
      const itemAt = childPointer(at, list.length);
      out.locations.set(itemAt, blockLocation(block));
      list.push(convert(itemAt));
      data[block.type] = list;
    } else if (block.type in data) {
      out.diagnostics.push(
        shapeDiagnostic(
          ctx.file,
          block.typeRange,
          'duplicate-block',
          `Only one "${block.type}" block is allowed here; merge it with the first one.`,
        ),
      );
    } else {
      out.locations.set(at, blockLocation(block));
      data[block.type] = convert(at);
    }
  }
  return data;
}

/**
 * HCL `dynamic "tag" { for_each = …  iterator = t  content { … } }` makes one
 * `tag` block per element of `for_each`, its content evaluated with the
 * iterator (`tag.key`, `tag.value`) in scope, as Packer's dynblock does.
 * An unknown collection gives one block whose iterator is unknown.
 */
function expandDynamic(block: Block, ctx: ScopedContext): Array<{ block: Block; iterators: Iterators }> {
  const label = block.labels[0];
  if (block.type !== 'dynamic' || !label) return [{ block, iterators: ctx.iterators }];
  const content = block.body.blocks.find((b) => b.type === 'content');
  const body: Body = content?.body ?? { range: block.body.range, attributes: [], blocks: [] };
  const generated: Block = { ...block, type: label.value, typeRange: label.range, labels: [], body };
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  const iteratorAttr = block.body.attributes.find((a) => a.name === 'iterator')?.value;
  const name = iteratorAttr?.type === 'traversal' && iteratorAttr.steps.length === 0 ? iteratorAttr.root : label.value;
  const collection = forEach ? ctx.evaluate(forEach.value, ctx.iterators) : UNKNOWN;
  const elements = iteration(collection);
  return elements.map((element) => ({ block: generated, iterators: { ...ctx.iterators, [name]: element } }));
}

/** The `{ key, value }` of each element; one unknown element for a collection not known yet. */
function iteration(collection: Value): Value[] {
  if (Array.isArray(collection)) return collection.map((value, key) => ({ key, value }));
  if (collection !== null && typeof collection === 'object' && !isUnknown(collection))
    return Object.entries(collection).map(([key, value]) => ({ key, value }));
  return [UNKNOWN];
}

function blockLocation(block: Block): SourceLocation {
  return { key: block.typeRange, value: block.range, header: block.headerRange };
}

/** `""` and `[]`: what a plugin decoding into Go values cannot tell from a field left out. */
function isGoZeroValue(value: Value): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}

/** A value that is not a list (and not UNKNOWN, which could be one). */
function isSingle(value: Value): boolean {
  return value !== null && !Array.isArray(value) && !isUnknown(value);
}

/**
 * The evaluated value as plain JSON. Where the expression is a literal list
 * or object, its elements' ranges are recorded too, so an error in one
 * element marks that element. UNKNOWN becomes null and is remembered.
 */
function plain(value: Value, expr: Expr | undefined, pointer: string, out: LocatedJson): unknown {
  if (expr && expr !== undefined && !out.locations.has(pointer)) out.locations.set(pointer, { value: expr.range });
  if (isUnknown(value)) {
    out.unknown.add(pointer);
    return null;
  }
  const source = unwrap(expr);
  if (Array.isArray(value)) {
    const items = source?.type === 'tuple' && source.items.length === value.length ? source.items : undefined;
    return value.map((item, i) => plain(item, items?.[i], childPointer(pointer, i), out));
  }
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const found = source?.type === 'object' ? source.items.find((it) => it.keyName === key) : undefined;
      const at = childPointer(pointer, key);
      if (found) out.locations.set(at, { key: found.key.range, value: found.value.range });
      result[key] = plain(item, found?.value, at, out);
    }
    return result;
  }
  return value;
}

function unwrap(expr: Expr | undefined): Expr | undefined {
  let current = expr;
  while (current?.type === 'paren') current = current.inner;
  return current;
}

function shapeDiagnostic(file: string, range: Range, code: string, message: string): Diagnostic {
  return { file, range, severity: 'error', code, message };
}
