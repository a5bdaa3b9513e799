/**
 * Field knowledge for everyone: the validator, completion, hover and the
 * reference docs ask this module (and only this module) which fields a block
 * has, their types, defaults, documentation and template data.
 */
import { SCHEMA_ID_BASE, TYPED_SCHEMAS, isTypedKind, schemaFile } from './catalog.js';
import { engineResources } from '../engine-resources.js';
import type { JsonSchema, PathKind, SchemaKind } from './schema-types.js';

/** Everything an editor or a rule needs to know about one field. */
export interface FieldInfo {
  name: string;
  /** The field's own schema, `$ref`s resolved. */
  schema: JsonSchema;
  /** JSON types accepted (`string`, `array`, …). */
  types: string[];
  /** Markdown documentation. */
  description?: string;
  /** True when the schema gives a default (which may be falsy). */
  hasDefault: boolean;
  default?: unknown;
  /** The values to offer: the schema's `enum` (the only ones accepted), or its `x-values` (the known ones). */
  enum?: unknown[];
  /** Go-template data the value may use (`Device`, `MountPath`); undefined = functions only. */
  templateData?: string[];
  /** How HCL writes the field: as one nested block, a repeatable block, or (undefined) an attribute. */
  hclBlock?: 'single' | 'repeatable';
  path?: PathKind;
  deprecated?: string;
  /** Listed in the schema's `required`. */
  required: boolean;
  /** Accepted but set by Packer itself: not offered in completion. */
  internal: boolean;
}

/** The schema of a block kind (and type, for sources, provisioners and post-processors). */
export function schemaFor(kind: SchemaKind, type?: string): JsonSchema | undefined {
  const file = schemaFile(kind, type);
  return file ? engineResources().schema(file) : undefined;
}

/** The types that have a schema, for kinds that take a type label; [] for the others. */
export function knownTypes(kind: SchemaKind): string[] {
  return isTypedKind(kind) ? Object.keys(TYPED_SCHEMAS[kind]) : [];
}

/** Resolves a `$ref` (absolute, relative to `base`'s `$id`, or a local `#/…` pointer). */
export function resolveRef(ref: string, base: JsonSchema): JsonSchema {
  const [address = '', pointer = ''] = ref.split('#');
  let document = base;
  if (address) {
    const url = new URL(address, base.$id ?? SCHEMA_ID_BASE);
    if (!url.href.startsWith(SCHEMA_ID_BASE)) throw new Error(`schema reference outside chrootforge: ${ref}`);
    document = engineResources().schema(url.href.slice(SCHEMA_ID_BASE.length));
  }
  return followPointer(document, pointer);
}

function followPointer(document: JsonSchema, pointer: string): JsonSchema {
  let node: unknown = document;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const step = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[step];
    if (node === undefined) throw new Error(`schema pointer ${pointer} not found`);
  }
  return node as JsonSchema;
}

/** A schema with its own `$ref` replaced by the target (one level, as our schemas use). */
export function deref(schema: JsonSchema, base: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  let resolved = derefCache.get(schema);
  if (!resolved) {
    const target = resolveRef(schema.$ref, base);
    const { $ref: _ignored, ...rest } = schema;
    resolved = { ...target, ...rest };
    derefCache.set(schema, resolved);
  }
  return resolved;
}

// Schemas are read once and never changed, so what is derived from a schema node is kept with it.
const derefCache = new WeakMap<JsonSchema, JsonSchema>();
const fieldsCache = new WeakMap<JsonSchema, readonly FieldInfo[]>();

/**
 * The fields of an object schema, in schema order: its own `properties`
 * plus those of `allOf` entries that are `$ref`s to shared field groups.
 * Rule entries (`if`/`then`) add no fields. Computed once per schema node;
 * each call gets its own array (the FieldInfo objects are shared: read only).
 */
export function fieldsOf(schema: JsonSchema): FieldInfo[] {
  return [...sharedFieldsOf(schema)];
}

/** The cached fields of a schema node, not copied (for lookups here). */
function sharedFieldsOf(schema: JsonSchema): readonly FieldInfo[] {
  let fields = fieldsCache.get(schema);
  if (!fields) {
    const collected: FieldInfo[] = [];
    collectFields(schema, schema, collected);
    fields = collected;
    fieldsCache.set(schema, fields);
  }
  return fields;
}

const fieldByNameCache = new WeakMap<JsonSchema, ReadonlyMap<string, FieldInfo>>();

/** A field of a schema node by name; every analysed field asks, so by a map made once per node. */
export function fieldNamed(schema: JsonSchema, name: string): FieldInfo | undefined {
  let byName = fieldByNameCache.get(schema);
  if (!byName) {
    const map = new Map<string, FieldInfo>();
    // The first of a name wins, as a search in schema order would find it.
    for (const field of sharedFieldsOf(schema)) if (!map.has(field.name)) map.set(field.name, field);
    byName = map;
    fieldByNameCache.set(schema, byName);
  }
  return byName.get(name);
}

function collectFields(schema: JsonSchema, base: JsonSchema, out: FieldInfo[]): void {
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    out.push(fieldInfo(name, deref(field, base), required.has(name)));
  }
  for (const part of schema.allOf ?? []) {
    if (part.$ref) {
      const target = resolveRef(part.$ref, base);
      collectFields(target, target, out);
    }
  }
}

function fieldInfo(name: string, schema: JsonSchema, required: boolean): FieldInfo {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const info: FieldInfo = {
    name,
    schema,
    types,
    hasDefault: 'default' in schema,
    required,
    internal: schema['x-internal'] === true,
  };
  const description = schema.markdownDescription ?? schema.description;
  if (description !== undefined) info.description = description;
  if ('default' in schema) info.default = schema.default;
  const values = schema.enum ?? schema['x-values'];
  if (values) info.enum = values;
  if (schema['x-template-data']) info.templateData = schema['x-template-data'];
  if (schema['x-hcl-block']) info.hclBlock = types.includes('array') ? 'repeatable' : 'single';
  if (schema['x-path']) info.path = schema['x-path'];
  if (schema['x-deprecated']) info.deprecated = schema['x-deprecated'];
  return info;
}

/** The schema of what a field holds per element: the item schema for arrays, else the field itself. */
export function elementSchema(field: JsonSchema, base: JsonSchema): JsonSchema | undefined {
  if (field.items && typeof field.items === 'object') return deref(field.items, base);
  return undefined;
}

/**
 * One field found by its path from the top of a block: `['mount_path']`,
 * or through nested blocks and objects `['ami_block_device_mappings',
 * 'volume_size']` (array indexes may be included or left out).
 */
export function fieldSchema(
  kind: SchemaKind,
  type: string | undefined,
  path: Array<string | number>,
): FieldInfo | undefined {
  const root = schemaFor(kind, type);
  return root ? fieldAtPath(root, path) : undefined;
}

/**
 * Like {@link fieldSchema}, from any schema node. Trailing array indexes
 * give the field that owns the list (hover on an element shows the field).
 */
export function fieldAtPath(root: JsonSchema, path: Array<string | number>): FieldInfo | undefined {
  let current: JsonSchema = root;
  let found: FieldInfo | undefined;
  for (const step of path) {
    if (isIndex(step)) {
      const item = itemSchema(current, Number(step), root);
      if (!item) return undefined;
      current = item;
      continue;
    }
    found = namedField(current, String(step), root);
    if (!found) return undefined;
    current = found.schema;
  }
  return found;
}

/** The schema of the value at a path (`['partition_mounts', 0, 1]` → the path element's schema). */
export function schemaAtPath(root: JsonSchema, path: Array<string | number>): JsonSchema | undefined {
  let current: JsonSchema | undefined = root;
  for (const step of path) {
    if (!current) return undefined;
    current = isIndex(step) ? itemSchema(current, Number(step), root) : namedField(current, String(step), root)?.schema;
  }
  return current;
}

function isIndex(step: string | number): boolean {
  return typeof step === 'number' || /^[0-9]+$/.test(step);
}

/** Element `index` of a list: a tuple position (`prefixItems`) or the common item schema. */
function itemSchema(list: JsonSchema, index: number, root: JsonSchema): JsonSchema | undefined {
  const positional = list.prefixItems?.[index];
  return positional ? deref(positional, root) : elementSchema(list, root);
}

function namedField(current: JsonSchema, name: string, root: JsonSchema): FieldInfo | undefined {
  // Stepping by name into a list of objects (a repeatable block) means into its element.
  const container = current.type === 'array' ? (elementSchema(current, root) ?? current) : current;
  return fieldNamed(container, name) ?? mapValueField(container, name, root);
}

const deprecatedCache = new WeakMap<JsonSchema, boolean>();

/**
 * Whether any field under `root` (nested objects, list elements, map values)
 * is deprecated. Most schemas have none, and then a body's fields need not
 * be looked up one by one for a deprecation warning.
 */
export function hasDeprecatedField(root: JsonSchema): boolean {
  let found = deprecatedCache.get(root);
  if (found === undefined) {
    const seen = new Set<JsonSchema>();
    const visit = (node: JsonSchema | undefined): boolean => {
      if (!node || seen.has(node)) return false;
      seen.add(node);
      const extra = node.additionalProperties;
      const mapValue = extra && typeof extra === 'object' ? deref(extra, root) : undefined;
      return (
        sharedFieldsOf(node).some(
          (field) => field.deprecated !== undefined || visit(field.schema) || visit(elementSchema(field.schema, root)),
        ) ||
        visit(mapValue) ||
        visit(elementSchema(node, root))
      );
    };
    found = visit(root);
    deprecatedCache.set(root, found);
  }
  return found;
}

const keywordCache = new WeakMap<JsonSchema, Map<string, boolean>>();

/**
 * Whether `keyword` is a key anywhere in `root` or in what its `$ref`s reach:
 * every node a path lookup can arrive at is in there (deref merges a
 * reference's target with its own keys). Asked once per schema, so a check
 * that only a few schemas need can skip the others' values whole.
 */
export function schemaMentions(root: JsonSchema, keyword: string): boolean {
  let byKeyword = keywordCache.get(root);
  if (!byKeyword) {
    byKeyword = new Map();
    keywordCache.set(root, byKeyword);
  }
  let found = byKeyword.get(keyword);
  if (found === undefined) {
    const seen = new Set<unknown>();
    const visit = (node: unknown, base: JsonSchema): boolean => {
      if (node === null || typeof node !== 'object' || seen.has(node)) return false;
      seen.add(node);
      if (Array.isArray(node)) return node.some((item) => visit(item, base));
      const object = node as Record<string, unknown>;
      if (keyword in object) return true;
      const ref = object.$ref;
      if (typeof ref === 'string') {
        // A reference into another document resolves that document's own references against it.
        const address = ref.split('#')[0];
        const document = address ? resolveRef(address, base) : base;
        if (visit(resolveRef(ref, base), document)) return true;
      }
      return Object.values(object).some((value) => visit(value, base));
    };
    found = visit(root, root);
    byKeyword.set(keyword, found);
  }
  return found;
}

/** A free-form key of a map-typed object (`tags`, `chroot_env`): described by `additionalProperties`. */
function mapValueField(container: JsonSchema, key: string, root: JsonSchema): FieldInfo | undefined {
  const extra = container.additionalProperties;
  if (!extra || typeof extra !== 'object') return undefined;
  return fieldInfo(key, deref(extra, root), false);
}

/** The Go-template data a field may use, or undefined when only functions are allowed. */
export function templateDataOf(
  kind: SchemaKind,
  type: string | undefined,
  path: Array<string | number>,
): string[] | undefined {
  return fieldSchema(kind, type, path)?.templateData;
}
