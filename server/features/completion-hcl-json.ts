/**
 * Completion for HCL2 templates in JSON syntax (`*.pkr.json`; legacy JSON
 * templates: completion-json.ts). jsonc-parser's scanner says where the
 * cursor is in the half-typed JSON (a property key, a string value); the
 * engine's reading of HCL JSON (hclJsonTarget, the same body shapes that
 * convert the file) says which blocks that is inside; the schema registry,
 * the configuration and the function tables say what to offer — the same
 * sources as for `.pkr.hcl`.
 */
import { findNodeAtLocation, getLocation, parseTree, type Node } from 'jsonc-parser';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import {
  envFunction,
  fieldAtPath,
  fieldSchema,
  fieldsOf,
  hclFunctions,
  hclJsonTarget,
  knownTypes,
  LineIndex,
  schemaFor,
  type Configuration,
  type FieldInfo,
  type HclFunction,
  type HclJsonTarget,
  type JsonPath,
  type PathBlock,
  type SchemaKind,
} from '../../template/index.js';
import type { CompletionInput } from './completion.js';
import { schemaTargetOf, type SchemaTarget } from './shared/block-schema.js';
import { fieldMarkdown } from './shared/field-doc.js';
import { functionItems, templateDataItems, templateFunctionItems } from './shared/function-items.js';

/** Completion items at a position of a `.pkr.json` file. */
export function completeHclJson(input: CompletionInput, position: Position): CompletionList {
  const index = new LineIndex(input.text);
  const offset = index.offsetAt(position);
  const location = getLocation(input.text, offset);
  const node = location.previousNode;
  const cursor: Cursor = { input, index, offset, tree: parseTree(input.text) };
  let items: CompletionItem[] = [];
  if (location.isAtPropertyKey) {
    items = keyItems(cursor, location.path);
  } else if (node?.type === 'string' && offset > node.offset && offset <= node.offset + node.length) {
    items = stringItems(cursor, hclJsonTarget(location.path), input.text.slice(node.offset + 1, offset));
  }
  return { isIncomplete: false, items };
}

interface Cursor {
  input: CompletionInput;
  index: LineIndex;
  offset: number;
  tree: Node | undefined;
}

/* ------------------------------------------------------------------ keys */

/** A property name being typed: a block type or field of the body, a label, or a key of an object value. */
function keyItems(cursor: Cursor, path: JsonPath): CompletionItem[] {
  const objectPath = path.slice(0, -1);
  const target = hclJsonTarget(objectPath);
  const key = quotedKeyAround(cursor.input.text, cursor.offset);
  const range = key ? cursor.index.rangeOf(key.start, key.end) : cursor.index.rangeOf(cursor.offset, cursor.offset);
  const hasValue = key !== undefined && /^\s*:/.test(cursor.input.text.slice(key.end));
  const present = new Set(presentKeys(cursor.tree, objectPath));
  switch (target.where) {
    case 'body':
      return bodyKeyItems(target, present, range, hasValue);
    case 'label':
      return labelItems(cursor.input.config, target, range, hasValue);
    case 'attribute':
      return objectKeyItems(attributeField(target), present, range, hasValue);
  }
}

/** The block types and fields of the body, those already set left out (repeatable blocks stay). */
function bodyKeyItems(target: HclJsonTarget, present: Set<string>, range: Range, hasValue: boolean): CompletionItem[] {
  const fields = new Map(fieldsOfBody(target.blocks).map((f) => [f.name, f]));
  const items: CompletionItem[] = [];
  for (const name of target.shape.names()) {
    const block = target.shape.block(name);
    const field = fields.get(name);
    if (field?.internal || (present.has(name) && !(block && field?.hclBlock !== 'single'))) continue;
    const value = block ? blockValue(name, block.labels) : valueSnippet(field);
    items.push({
      label: name,
      kind: block ? CompletionItemKind.Struct : CompletionItemKind.Property,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: hasValue ? `"${name}"` : `"${name}": ${value}` },
      filterText: `"${name}"`,
      ...(field ? { documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(field) } } : {}),
      ...(field?.required ? { detail: 'required', sortText: `0${name}` } : { sortText: `1${name}` }),
    });
  }
  return items;
}

/** `{"TYPE": {"NAME": {…}}}`: one object level per label, typed labels offered as a choice. */
function blockValue(type: string, labels: readonly string[]): string {
  let stop = 1;
  let open = '';
  let close = '';
  labels.forEach((label, depth) => {
    const kind = depth === 0 ? labelKind(type, []) : undefined;
    const types = kind ? knownTypes(kind) : [];
    const placeholder = types.length > 0 ? `\${${stop}|${types.join(',')}|}` : `\${${stop}:${label}}`;
    stop++;
    const indent = '\t'.repeat(depth + 1);
    open += `{\n${indent}"${placeholder}": `;
    close = `\n${'\t'.repeat(depth)}}${close}`;
  });
  const indent = '\t'.repeat(labels.length + 1);
  return `${open}{\n${indent}$0\n${'\t'.repeat(labels.length)}}${close}`;
}

/** A JSON value to start a field with, by its type. */
function valueSnippet(field: FieldInfo | undefined): string {
  if (!field) return '$0';
  if (field.enum && field.enum.length > 0) {
    const values = field.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    return field.enum.every((v) => typeof v === 'string')
      ? `"\${1|${values.join(',')}|}"`
      : `\${1|${values.join(',')}|}`;
  }
  const types = field.types;
  if (types.length === 1 && types[0] === 'boolean') return '${1|true,false|}';
  if (types.includes('string')) return '"$1"';
  if (types.includes('array')) {
    const item = field.schema.items && typeof field.schema.items === 'object' ? field.schema.items.type : undefined;
    return item === 'string' ? '["$1"]' : '[$1]';
  }
  if (types.includes('object')) return '{$0}';
  return '$1';
}

/** Label keys: plugin types for a typed block, the declared sources for a build's `source`. */
function labelItems(
  config: Configuration | undefined,
  target: Extract<HclJsonTarget, { where: 'label' }>,
  range: Range,
  hasValue: boolean,
): CompletionItem[] {
  const inBuild = target.blocks.length === 1 && target.blocks[0]!.type === 'build';
  const item = (label: string, kind: CompletionItemKind, detail: string, documentation?: string): CompletionItem => ({
    label,
    kind,
    detail,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: hasValue ? `"${label}"` : `"${label}": {$0}` },
    filterText: `"${label}"`,
    ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}),
  });
  if (inBuild && target.blockType === 'source') {
    return (config?.sources ?? []).map((s) =>
      item(`${s.type}.${s.name}`, CompletionItemKind.Reference, 'declared source'),
    );
  }
  const kind = target.index === 0 ? labelKind(target.blockType, target.blocks) : undefined;
  if (!kind) return [];
  return knownTypes(kind).map((type) => {
    const schema = schemaFor(kind, type);
    return item(type, CompletionItemKind.Class, `${kind} type`, schema?.markdownDescription ?? schema?.description);
  });
}

/** The plugin kind a block's first label names, if it names one. */
function labelKind(blockType: string, outer: PathBlock[]): SchemaKind | undefined {
  if (outer.length === 0) return blockType === 'source' ? 'source' : blockType === 'data' ? 'data-source' : undefined;
  if (blockType === 'provisioner' || blockType === 'error-cleanup-provisioner') return 'provisioner';
  if (blockType === 'post-processor') return 'post-processor';
  return undefined;
}

/** Keys of an object written as a field's value (`"amazon": {"version", "source"}` in required_plugins). */
function objectKeyItems(
  field: FieldInfo | undefined,
  present: Set<string>,
  range: Range,
  hasValue: boolean,
): CompletionItem[] {
  if (!field || field.schema.additionalProperties === true) return [];
  return fieldsOf(field.schema)
    .filter((f) => !f.internal && !present.has(f.name))
    .map((f) => ({
      label: f.name,
      kind: CompletionItemKind.Property,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: hasValue ? `"${f.name}"` : `"${f.name}": ${valueSnippet(f)}` },
      filterText: `"${f.name}"`,
      documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f) },
    }));
}

/* --------------------------------------------------------------- strings */

/**
 * In a string value: after an open `${`, references and functions; after
 * an open `{{`, the field's template data and functions; else the field's
 * values (enums, the build's declared sources).
 */
function stringItems(cursor: Cursor, target: HclJsonTarget, prefix: string): CompletionItem[] {
  if (target.where !== 'attribute') return [];
  const replace = (length: number): Range => cursor.index.rangeOf(cursor.offset - length, cursor.offset);
  const field = attributeField(target);
  const interpolation = /\$\{([^}]*)$/.exec(prefix);
  if (interpolation && !prefix.endsWith('$${'))
    return expressionItems(cursor.input.config, target, interpolation[1]!, replace);
  const action = /\{\{-?\s*([^}]*)$/.exec(prefix);
  if (action) {
    const inside = action[1]!;
    const data = /\.([A-Za-z0-9_]*)$/.exec(inside);
    if (data) return templateDataItems(field?.templateData ?? [], replace(data[1]!.length));
    const word = /[A-Za-z0-9_]*$/.exec(inside)![0];
    return [
      ...templateDataItems(field?.templateData ?? [], replace(word.length), true),
      ...pluginTemplateFunctions(target, field, replace(word.length)),
    ];
  }
  const [top] = target.blocks;
  if (target.name === 'sources' && target.blocks.length === 1 && top?.type === 'build') {
    return (cursor.input.config?.sources ?? []).map((s) =>
      plain(`source.${s.type}.${s.name}`, CompletionItemKind.Reference, replace(prefix.length), 'declared source'),
    );
  }
  return (field?.enum ?? [])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => plain(v, CompletionItemKind.EnumMember, replace(prefix.length), field!.name));
}

/** Inside `${`: `var.`/`local.`/`path.` members, or the reference roots and functions in scope. */
function expressionItems(
  config: Configuration | undefined,
  target: Extract<HclJsonTarget, { where: 'attribute' }>,
  text: string,
  replace: (length: number) => Range,
): CompletionItem[] {
  const word = /[A-Za-z0-9_.-]*$/.exec(text)![0];
  const dot = word.lastIndexOf('.');
  if (dot >= 0) {
    const before = word.slice(0, dot);
    const range = replace(word.length - dot - 1);
    if (before === 'var')
      return (config?.variables ?? []).map((v) => ({
        ...plain(v.name, CompletionItemKind.Variable, range, 'variable'),
        ...(v.description ? { documentation: v.description } : {}),
      }));
    if (before === 'local')
      return (config?.locals ?? []).map((l) => plain(l.name, CompletionItemKind.Variable, range, 'local'));
    if (before === 'path') return ['root', 'cwd'].map((n) => plain(n, CompletionItemKind.Property, range, `path.${n}`));
    return [];
  }
  const range = replace(word.length);
  const top = target.blocks[0]?.type;
  if (top === 'packer') return [];
  if (top === 'variable') return target.name === 'default' ? functionItems(range, [envFunction]) : [];
  const roots = ['var', 'local', 'data', 'path', 'packer', ...(top === 'build' || top === 'source' ? ['source'] : [])];
  return [
    ...roots.map((root) => plain(root, CompletionItemKind.Module, range, 'reference')),
    ...functionItems(range, [...hclFunctions.values()] as HclFunction[]),
  ];
}

/** `{{ }}` functions of a plugin field (a plugin renders it; Packer's own blocks keep `{{ }}` as text). */
function pluginTemplateFunctions(target: HclJsonTarget, field: FieldInfo | undefined, range: Range): CompletionItem[] {
  const schemaTarget = schemaTargetOf(target.blocks);
  if (!schemaTarget?.type || !isPluginKind(schemaTarget.kind)) return [];
  const schema = schemaFor(schemaTarget.kind, schemaTarget.type);
  if (!schema) return [];
  const fieldFunctions = [...(schema['x-template-functions'] ?? []), ...(field?.schema['x-template-functions'] ?? [])];
  const inBuild = schemaTarget.kind === 'provisioner' || schemaTarget.kind === 'post-processor';
  return templateFunctionItems(range, inBuild ? ['everywhere', 'provisioners'] : ['everywhere'], {
    hcl: true,
    fieldFunctions,
  });
}

/* ----------------------------------------------------------------- shared */

function isPluginKind(kind: SchemaKind): boolean {
  return kind === 'source' || kind === 'provisioner' || kind === 'post-processor' || kind === 'data-source';
}

/** The fields of the innermost block's schema (none for a block with no schema). */
function fieldsOfBody(blocks: PathBlock[]): FieldInfo[] {
  const target = schemaTargetOf(blocks);
  if (!target) return [];
  if (target.path.length === 0) {
    const schema = schemaFor(target.kind, isPluginKind(target.kind) ? target.type : undefined);
    return schema ? fieldsOf(schema) : [];
  }
  const field = fieldSchema(target.kind, target.type, target.path);
  if (!field) return [];
  const items = field.schema.items;
  return fieldsOf(field.schema.type === 'array' && items && typeof items === 'object' ? items : field.schema);
}

/** The schema field of an attribute, or of the object member the path goes on to inside its value. */
function attributeField(target: HclJsonTarget): FieldInfo | undefined {
  if (target.where !== 'attribute') return undefined;
  const schemaTarget: SchemaTarget | undefined = schemaTargetOf(target.blocks);
  if (!schemaTarget) return undefined;
  const root = schemaFor(schemaTarget.kind, isPluginKind(schemaTarget.kind) ? schemaTarget.type : undefined);
  return root ? fieldAtPath(root, [...schemaTarget.path, target.name, ...target.path]) : undefined;
}

/** Keys already written in the object at a path. */
function presentKeys(tree: Node | undefined, objectPath: JsonPath): string[] {
  const object = tree ? (objectPath.length ? findNodeAtLocation(tree, [...objectPath]) : tree) : undefined;
  return (object?.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
}

/** The `"…"` of a property key being typed around the offset (its closing quote may be missing). */
function quotedKeyAround(text: string, offset: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('"', offset - 1);
  if (start < 0 || /[,:{}[\]\n]/.test(text.slice(start + 1, offset))) return undefined;
  const close = /^[^",:{}[\]\n]*"/.exec(text.slice(offset));
  return { start, end: close ? offset + close[0].length : offset };
}

function plain(label: string, kind: CompletionItemKind, range: Range, detail: string | undefined): CompletionItem {
  return { label, kind, textEdit: { range, newText: label }, ...(detail ? { detail } : {}) };
}
