/**
 * The shapes of our JSON Schemas as the rest of template/ reads them:
 * standard JSON Schema keywords plus the `x-` annotations that carry what
 * Packer's templates need (template data, HCL block syntax, local paths).
 */

/** Every kind of block or document that has a schema. */
export type SchemaKind =
  | 'source'
  | 'provisioner'
  | 'post-processor'
  | 'data-source'
  | 'variable'
  | 'build'
  | 'packer'
  | 'locals'
  | 'legacy-template';

/** Names one schema: a kind, and for typed kinds (source, provisioner, post-processor, data-source) the type. */
export interface SchemaRef {
  kind: SchemaKind;
  type?: string;
}

/** What `x-path` says about a field's value: a local file, a directory, or a file or URL. */
export type PathKind = 'file' | 'dir' | 'file-or-url';

/** A JSON Schema (2020-12) node with our annotations. Loose on purpose: schemas are data. */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  title?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  unevaluatedProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: boolean | JsonSchema;
  prefixItems?: JsonSchema[];
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  not?: JsonSchema;
  $defs?: Record<string, JsonSchema>;
  description?: string;
  markdownDescription?: string;
  /** Go-template data names (`.Device`) the field's text may use; absent = functions only. */
  'x-template-data'?: string[];
  /** The field is written as a nested block in HCL (repeatable when its type is an array). */
  'x-hcl-block'?: boolean;
  /** The value names a local path (missing-file warnings, path completion). */
  'x-path'?: PathKind;
  /** The field still works but should not be used; the text says what to use instead. */
  'x-deprecated'?: string;
  /** The message for a rule (an `allOf` entry) or for a value that fails this subschema. */
  'x-message'?: string;
  /** The field a rule's violation marks (its key), for rules that forbid a field. */
  'x-field'?: string;
  /** The block kind and type a top-level schema describes. */
  'x-kind'?: SchemaKind;
  'x-type'?: string;
  /** Packer accepts the field but it is internal (set by Packer itself); hidden from completion. */
  'x-internal'?: boolean;
  /** The value is an expression read by other means (a type constraint, a validation condition): not evaluated. */
  'x-unevaluated'?: boolean;
  /** Packer reads this value without converting it: a different JSON type is an error even where scalars convert elsewhere. */
  'x-no-coerce'?: boolean;
  /** Template functions this block's fields may call besides the common ones (`vm` in azure-chroot). */
  'x-template-functions'?: string[];
  /** A nested block whose body is checked separately, with the schema of its type label (build's provisioners). */
  'x-separate'?: boolean;
  /**
   * On a block's schema: the plugin decodes into Go values, where an empty string or list is the zero value and
   * means the same as leaving the field out (`image_type = ""` takes the default), everywhere in the block.
   */
  'x-empty-is-unset'?: boolean;
  /** On a block's schema: fields the plugin once had and now rejects, each with what to write instead. */
  'x-removed-fields'?: Record<string, string>;
  /** Values a free-text field is known to take, offered by completion and listed by hover; others are accepted. */
  'x-values'?: unknown[];
  [key: string]: unknown;
}

/** The annotation keywords our schemas use, declared to ajv so strict mode accepts them. */
export const ANNOTATION_KEYWORDS = [
  'markdownDescription',
  'x-template-data',
  'x-hcl-block',
  'x-path',
  'x-deprecated',
  'x-message',
  'x-field',
  'x-kind',
  'x-type',
  'x-internal',
  'x-unevaluated',
  'x-separate',
  'x-template-functions',
  'x-no-coerce',
  'x-empty-is-unset',
  'x-removed-fields',
  'x-values',
] as const;
