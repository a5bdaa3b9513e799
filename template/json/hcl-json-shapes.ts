/**
 * Which keys of an HCL JSON body are blocks. JSON has one construct (an
 * object property) for both attributes and blocks; HCL tells them apart by
 * the schema the body is decoded with (hcl json/structure.go). These are
 * the schemas Packer decodes with (hcl2template: configSchema, the variable,
 * local, build and post-processors schemas, dynblock's `dynamic`), and for a
 * plugin's body the fields our JSON Schemas write as blocks (`x-hcl-block`):
 * the same knowledge the HCL side validates with, asked here, never restated.
 */
import { BUILD_BLOCK_LABELS, TOP_LEVEL_LABELS } from '../configuration/hcl-declarations.js';
import { parseSourceRef } from '../configuration/source-references.js';
import { deref, elementSchema, fieldsOf, schemaFor } from '../schema/registry.js';
import type { JsonSchema, SchemaKind } from '../schema/schema-types.js';

/** How one body is read. */
export interface BodyShape {
  /** HCL's JustAttributes: every property is an attribute, and the body must be one object (`locals`, `variables`, `required_plugins`). */
  justAttributes?: boolean;
  /** The block type a property names, with its label names and body shape; undefined for an attribute. */
  block(name: string): BlockShape | undefined;
  /**
   * The attributes Packer accepts where no JSON Schema judges the body (the
   * top level, `local`, a `validation`, a `dynamic` block): any other
   * property is extraneous. Undefined: any property that is no block is an
   * attribute, and the body's schema judges it (unknown-field).
   */
  attributes?: readonly string[];
  /** Every block type and attribute name Packer accepts here, for did-you-mean. */
  names(): string[];
  /**
   * Attributes whose string is a native HCL expression, not a template:
   * Packer reads them by static analysis (a variable's `type`, through
   * typeexpr; a dynamic block's `iterator`, a keyword).
   */
  expressionAttributes?: readonly string[];
}

export interface BlockShape {
  /** Label names, outermost first: one JSON object level each. */
  labels: readonly string[];
  /** The shape of a block's body, given its labels. */
  body(labels: readonly string[]): BodyShape;
}

/** The shape of a `*.pkr.json` file's top level. */
export function topLevelShape(): BodyShape {
  return fixedShape(TOP_LEVEL_LABELS, [], topLevelBody);
}

function topLevelBody(type: string, labels: readonly string[]): BodyShape {
  switch (type) {
    case 'variable':
      return { ...schemaShape(schemaFor('variable')), expressionAttributes: ['type'] };
    case 'variables':
    case 'locals':
      return JUST_ATTRIBUTES;
    case 'local':
      return fixedShape({}, ['expression', 'sensitive'], () => OPEN);
    case 'source':
      return pluginShape('source', labels[0]);
    case 'data':
      return pluginShape('data-source', labels[0]);
    case 'build':
      return buildShape();
    case 'packer':
      return schemaShape(schemaFor('packer'));
    default:
      return OPEN;
  }
}

/** `build`: its blocks take the labels Packer's buildSchema gives; provisioners and sources their plugin's fields. */
function buildShape(): BodyShape {
  const own = schemaShape(schemaFor('build'));
  return {
    block: (name) => {
      const labels = BUILD_BLOCK_LABELS[name];
      if (!labels) return own.block(name);
      return { labels, body: (values) => buildBlockBody(name, values, own) };
    },
    names: () => own.names(),
  };
}

function buildBlockBody(type: string, labels: readonly string[], build: BodyShape): BodyShape {
  switch (type) {
    case 'source': {
      // `source "TYPE.NAME" { … }` adds fields of that source's type.
      const ref = parseSourceRef(labels[0] ?? '', NO_RANGE);
      return pluginShape('source', ref?.type);
    }
    case 'provisioner':
    case 'error-cleanup-provisioner':
      return pluginShape('provisioner', labels[0]);
    case 'post-processor':
      return pluginShape('post-processor', labels[0]);
    case 'post-processors':
      return fixedShape({ 'post-processor': ['type'] }, [], (_, values) => pluginShape('post-processor', values[0]));
    default:
      return build.block(type)?.body(labels) ?? OPEN;
  }
}

/** A plugin component's body: its schema's fields, or (a type with no schema) any property an attribute. */
function pluginShape(kind: SchemaKind, type: string | undefined): BodyShape {
  const schema = type === undefined ? undefined : schemaFor(kind, type);
  return schema ? schemaShape(schema) : OPEN;
}

/**
 * A body judged by a JSON Schema: the fields it writes as blocks are
 * blocks (without labels); a field that is a map written as a block (only
 * `additionalProperties`) is read attribute by attribute; `dynamic` blocks
 * generate any of its blocks.
 */
function schemaShape(schema: JsonSchema | undefined, root: JsonSchema | undefined = schema): BodyShape {
  if (!schema || !root) return OPEN;
  const fields = fieldsOf(schema);
  const shape: BodyShape = {
    block: (name) => {
      if (name === 'dynamic') return dynamicBlock(shape);
      const field = fields.find((f) => f.name === name && f.hclBlock);
      if (!field) return undefined;
      const inner = field.hclBlock === 'repeatable' ? elementSchema(field.schema, root) : deref(field.schema, root);
      const body = isMapBlock(inner) ? JUST_ATTRIBUTES : schemaShape(inner ?? {}, root);
      return { labels: [], body: () => body };
    },
    names: () => fields.filter((f) => !f.internal).map((f) => f.name),
  };
  return shape;
}

function isMapBlock(schema: JsonSchema | undefined): boolean {
  return !!schema && !schema.properties && typeof schema.additionalProperties === 'object';
}

/** dynblock: `"dynamic": {"TYPE": {"for_each": …, "iterator": …, "content": {…}}}`; the content is a TYPE block's body. */
function dynamicBlock(parent: BodyShape): BlockShape {
  return {
    labels: ['type'],
    body: ([type]) => {
      const content = (type === undefined ? undefined : parent.block(type)?.body([])) ?? OPEN;
      return {
        ...fixedShape({ content: [] }, ['for_each', 'iterator', 'labels'], () => content),
        expressionAttributes: ['iterator'],
      };
    },
  };
}

/** A body whose block types and attributes Packer lists itself. */
function fixedShape(
  blocks: Readonly<Record<string, readonly string[]>>,
  attributes: readonly string[],
  bodyOf: (type: string, labels: readonly string[]) => BodyShape,
): BodyShape {
  return {
    block: (name) => {
      const labels = Object.hasOwn(blocks, name) ? blocks[name] : undefined;
      return labels ? { labels, body: (values) => bodyOf(name, values) } : undefined;
    },
    attributes,
    names: () => [...attributes, ...Object.keys(blocks)],
  };
}

/** Every property an attribute, as in a body whose schema is unknown (dynamic blocks aside). */
const OPEN: BodyShape = {
  block: (name) => (name === 'dynamic' ? dynamicBlock(OPEN) : undefined),
  names: () => [],
};

/** Where a reference read only for its type is (nowhere: no diagnostic is made of it). */
const NO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const JUST_ATTRIBUTES: BodyShape = { justAttributes: true, block: () => undefined, names: () => [] };
