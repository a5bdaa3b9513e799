/**
 * Completion for HCL templates (legacy JSON: see completion-json.ts).
 * The cursor's surroundings come from a scan of the text (it is incomplete
 * while typed); what to offer comes from the schema registry, the
 * configuration (variables, locals, sources) and the function tables.
 */
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
  configurationFileKind,
  envFunction,
  fieldSchema,
  fieldsOf,
  hclFunctions,
  knownTypes,
  PACKER_ATTRIBUTES,
  pluginsNeeded,
  schemaFor,
  LineIndex,
  posixDirname as dirname,
  posixJoin as join,
  requiredFields,
  TYPE_KEYWORDS,
  type Configuration,
  type FieldInfo,
  type HclFunction,
  type JsonSchema,
  type SchemaKind,
} from '../../template/index.js';
import { schemaTargetOf, TOP_LEVEL_BLOCKS, type SchemaTarget } from './shared/block-schema.js';
import { fieldMarkdown, requiredMark } from './shared/field-doc.js';
import { hclCursor, type HclCursor } from './shared/hcl-cursor.js';
import { functionItems, templateDataItems, templateFunctionItems } from './shared/function-items.js';

/** What completion reads; `listDir` keeps the function pure (the server passes the file system). */
export interface CompletionInput {
  text: string;
  path: string;
  config?: Configuration;
  listDir?: (dir: string) => Array<{ name: string; isDirectory: boolean }>;
}

/** Completion items at a position of an HCL template. */
export function completeHcl(input: CompletionInput, position: Position): CompletionList {
  const index = new LineIndex(input.text);
  const offset = index.offsetAt(position);
  const cursor = hclCursor(input.text, offset);
  const replace = (length: number): Range => ({ start: index.positionAt(offset - length), end: position });
  const items = itemsFor(input, cursor, replace);
  return { isIncomplete: false, items };
}

function itemsFor(input: CompletionInput, cursor: HclCursor, replace: (length: number) => Range): CompletionItem[] {
  switch (cursor.where) {
    case 'body':
      if (configurationFileKind(input.path) === 'vars') return varFileItems(input, cursor, replace(cursor.word.length));
      return bodyItems(input, cursor, replace(cursor.word.length));
    case 'label':
      return labelItems(input, cursor, replace(cursor.label!.prefix.length));
    case 'value':
      return valueItems(input, cursor, replace);
    case 'string':
      return stringItems(input, cursor, replace);
    case 'comment':
      return [];
  }
}

/* ---------------------------------------------------------------- body */

function bodyItems(input: CompletionInput, cursor: HclCursor, range: Range): CompletionItem[] {
  if (cursor.header.length > 0) return [];
  if (cursor.blocks.length === 0) return topLevelItems(range);
  const innermost = cursor.blocks[cursor.blocks.length - 1]!;
  const target = schemaTargetOf(cursor.blocks);
  const items: CompletionItem[] = [];
  if (innermost.type === 'build' && cursor.blocks.length === 1) items.push(...buildChildItems(range));
  if (innermost.type === 'post-processors') items.push(typedBlockItem('post-processor', 'post-processor', range));
  if (!target) return items;
  const set = new Set(innermost.names);
  items.push(...mapEntryItems(input, target, range));
  const schema = schemaHere(target);
  if (!schema) return items;
  const required = requiredFields(schema, set);
  for (const field of fieldsOf(schema)) {
    if (field.internal || (set.has(field.name) && field.hclBlock !== 'repeatable')) continue;
    items.push(fieldItem(field, range, required.has(field.name)));
    if (field.name === 'chroot_mounts') items.push(chrootMountsItem(range));
  }
  return items;
}

/**
 * Keys of an object-valued field (`amazon = { version, source }` in
 * `required_plugins`), from its schema; each inserted as `key = "…"`.
 */
function objectKeyItems(field: FieldInfo, range: Range): CompletionItem[] {
  return fieldsOf(field.schema).map((key) => fieldItem(key, range));
}

/**
 * In a block that is a map of objects (`required_plugins`), an entry per
 * plugin the configuration uses but does not require yet, shaped by the
 * schema of an entry, and a blank one.
 */
function mapEntryItems(input: CompletionInput, target: SchemaTarget, range: Range): CompletionItem[] {
  if (target.path.length === 0) return [];
  const field = fieldSchema(target.kind, target.type, target.path);
  const entry = field?.schema.additionalProperties;
  if (!field || !entry || typeof entry !== 'object' || !entry.properties) return [];
  const keys = Object.keys(entry.properties);
  const doc = { kind: MarkupKind.Markdown, value: entry.markdownDescription ?? field.description ?? '' };
  const needed = input.config ? pluginsNeeded(input.config) : [];
  return [
    ...needed.map(({ plugin, type }) => ({
      ...snippet(
        plugin,
        entrySnippet(plugin, keys, plugin),
        CompletionItemKind.Module,
        range,
        `plugin providing ${type}`,
      ),
      documentation: doc,
    })),
    {
      ...snippet('plugin requirement', entrySnippet('${1:name}', keys), CompletionItemKind.Snippet, range, field.name),
      documentation: doc,
    },
  ];
}

/** `NAME = {\n\tversion = "…"\n\tsource = "…"\n}` with a tab stop per value. */
function entrySnippet(name: string, keys: string[], plugin?: string): string {
  const first = name.startsWith('${1') ? 2 : 1;
  const lines = keys.map((key, i) => {
    const stop = first + i;
    const value = key === 'source' && plugin ? `github.com/\${${stop}:OWNER}/${plugin}` : `\${${stop}}`;
    return `\t${key} = "${value}"`;
  });
  return `${name} = {\n${lines.join('\n')}\n}`;
}

/** The schema of the block a target names: a kind's own, or a nested block's (an element's, for a list). */
function schemaHere(target: SchemaTarget): JsonSchema | undefined {
  if (target.path.length === 0) return schemaFor(target.kind, needsType(target.kind) ? target.type : undefined);
  const field = fieldSchema(target.kind, target.type, target.path);
  if (!field) return undefined;
  return field.schema.type === 'array' && field.schema.items && typeof field.schema.items === 'object'
    ? field.schema.items
    : field.schema;
}

function needsType(kind: SchemaKind): boolean {
  return kind === 'source' || kind === 'provisioner' || kind === 'post-processor' || kind === 'data-source';
}

function topLevelItems(range: Range): CompletionItem[] {
  return Object.entries(TOP_LEVEL_BLOCKS).map(([type, labels]) => {
    if (type === 'source') return typedBlockItem('source', 'source', range, true);
    const header = labels.map((l, i) => ` "\${${i + 1}:${l}}"`).join('');
    return snippet(type, `${type}${header} {\n\t$0\n}`, CompletionItemKind.Class, range, `${type} block`);
  });
}

function buildChildItems(range: Range): CompletionItem[] {
  return [
    typedBlockItem('provisioner', 'provisioner', range),
    typedBlockItem('post-processor', 'post-processor', range),
    snippet(
      'post-processors',
      'post-processors {\n\t$0\n}',
      CompletionItemKind.Class,
      range,
      'a chain of post-processors',
    ),
  ];
}

/** `provisioner "${1|shell,file,…|}" {}` with the registry's types as the choice. */
function typedBlockItem(blockType: string, kind: SchemaKind, range: Range, named = false): CompletionItem {
  const types = knownTypes(kind);
  const choice = types.length > 0 ? `\${1|${types.join(',')}|}` : '${1:type}';
  const name = named ? ' "${2:name}"' : '';
  return snippet(
    blockType,
    `${blockType} "${choice}"${name} {\n\t$0\n}`,
    CompletionItemKind.Class,
    range,
    `${blockType} block (${types.join(', ')})`,
  );
}

/** A field to insert; one the block still needs is marked required and sorted first. */
function fieldItem(field: FieldInfo, range: Range, required = field.required): CompletionItem {
  return {
    ...snippet(
      field.name,
      fieldSnippet(field),
      field.hclBlock ? CompletionItemKind.Struct : CompletionItemKind.Property,
      range,
      undefined,
    ),
    ...requiredMark(required),
    documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(field) },
    sortText: `${required ? '0' : '1'}${field.name}`,
    ...(field.deprecated ? { tags: [1] } : {}),
  };
}

/** The snippet inserted for a field, shaped by its type. */
export function fieldSnippet(field: FieldInfo): string {
  if (field.hclBlock) return `${field.name} {\n\t$0\n}`;
  if (field.enum && field.enum.length > 0) {
    const values = field.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    const choice = `\${1|${values.join(',')}|}`;
    return field.enum.every((v) => typeof v === 'string') ? `${field.name} = "${choice}"` : `${field.name} = ${choice}`;
  }
  const types = field.types;
  if (types.includes('boolean') && types.length === 1) return `${field.name} = \${1|true,false|}`;
  if (types.includes('string')) return `${field.name} = "$1"`;
  if (types.includes('array')) {
    const item = field.schema.items && typeof field.schema.items === 'object' ? field.schema.items.type : undefined;
    return item === 'string' ? `${field.name} = ["$1"]` : `${field.name} = [$1]`;
  }
  if (types.includes('object')) return `${field.name} = {\n\t$0\n}`;
  return `${field.name} = $1`;
}

function chrootMountsItem(range: Range): CompletionItem {
  // The schema's default is Packer's five mounts (what an unset chroot_mounts means).
  const defaults = (fieldSchema('source', 'chroot', ['chroot_mounts'])?.default ?? []) as string[][];
  const rows = defaults.map((m) => `\t[${m.map((s) => JSON.stringify(s)).join(', ')}],`).join('\n');
  return {
    ...snippet(
      'chroot_mounts (Packer defaults)',
      `chroot_mounts = [\n${rows}$0\n]`,
      CompletionItemKind.Snippet,
      range,
      'the five mounts Packer uses by default',
    ),
    filterText: 'chroot_mounts',
    sortText: '0chroot_mounts~',
  };
}

/** A var file sets the configuration's variables: offer those not set yet. */
function varFileItems(input: CompletionInput, cursor: HclCursor, range: Range): CompletionItem[] {
  if (cursor.blocks.length > 0 || cursor.header.length > 0) return [];
  const set = new Set(cursor.blocks[0]?.names ?? rootNames(input.text));
  return (input.config?.variables ?? [])
    .filter((v) => !set.has(v.name))
    .map((v) => ({
      ...snippet(v.name, `${v.name} = $1`, CompletionItemKind.Variable, range, 'variable'),
      ...(v.description ? { documentation: v.description } : {}),
    }));
}

/** Names assigned at the top level of a var file. */
function rootNames(text: string): string[] {
  return [...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=/gm)].map((m) => m[1]!);
}

/* --------------------------------------------------------------- labels */

function labelItems(input: CompletionInput, cursor: HclCursor, range: Range): CompletionItem[] {
  const { blockType, index } = cursor.label!;
  const inBuild = cursor.blocks.length === 1 && cursor.blocks[0]!.type === 'build';
  if (inBuild && blockType === 'source' && index === 0) {
    return (input.config?.sources ?? []).map((s) =>
      plain(`${s.type}.${s.name}`, CompletionItemKind.Reference, range, 'declared source'),
    );
  }
  if (index !== 0) return [];
  const kind: SchemaKind | undefined =
    cursor.blocks.length === 0 && blockType === 'source'
      ? 'source'
      : blockType === 'provisioner' || blockType === 'error-cleanup-provisioner'
        ? 'provisioner'
        : blockType === 'post-processor'
          ? 'post-processor'
          : undefined;
  if (!kind) return [];
  return knownTypes(kind).map((type) => {
    const schema = schemaFor(kind, type);
    const doc = schema?.markdownDescription ?? schema?.description;
    return {
      ...plain(type, CompletionItemKind.Class, range, `${kind} type`),
      ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
    };
  });
}

/* ---------------------------------------------------------------- values */

function valueItems(input: CompletionInput, cursor: HclCursor, replace: (length: number) => Range): CompletionItem[] {
  const word = cursor.word;
  const range = replace(word.length);
  const dot = word.lastIndexOf('.');
  if (dot >= 0) return traversalItems(input, cursor, word.slice(0, dot), replace(word.length - dot - 1));
  if (isVariableType(cursor)) return typeItems(range);
  const items: CompletionItem[] = [];
  const field = attributeField(cursor);
  if (field && cursor.objectKey) return objectKeyItems(field, range);
  if (field) items.push(...valueChoices(field, range, false), ...tupleItems(field, cursor, range));
  for (const root of referenceRoots(cursor)) items.push(plain(root, CompletionItemKind.Module, range, 'reference'));
  items.push(...functionItems(range, functionsAt(cursor)));
  return items;
}

/** The HCL functions in scope: none in `packer {}`, only env() in a variable's default, the library elsewhere. */
function functionsAt(cursor: HclCursor): HclFunction[] {
  const [top, inner] = cursor.blocks;
  if (top?.type === 'packer') return [];
  if (top?.type === 'variable' && !inner) return cursor.attribute === 'default' ? [envFunction] : [];
  return [...hclFunctions.values()];
}

/** The reference roots in scope where the cursor is (Packer's eval contexts). */
function referenceRoots(cursor: HclCursor): string[] {
  const top = cursor.blocks[0]?.type;
  if (top === 'packer') return [];
  if (top === 'variable') return [];
  return [
    'var',
    'local',
    'data',
    'path',
    'packer',
    ...(top === 'build' || top === 'source' ? ['source'] : []),
    ...(top === 'build' ? ['build'] : []),
  ];
}

/** `var.` → variables, `local.` → locals, `data.` / `data.T.` → data sources, `source.` / `source.T.` in build sources. */
function traversalItems(input: CompletionInput, cursor: HclCursor, before: string, range: Range): CompletionItem[] {
  const config = input.config;
  if (!config) return [];
  if (before === 'var')
    return config.variables.map((v) => ({
      ...plain(v.name, CompletionItemKind.Variable, range, 'variable'),
      ...(v.description ? { documentation: v.description } : {}),
    }));
  if (before === 'local') return config.locals.map((l) => plain(l.name, CompletionItemKind.Variable, range, 'local'));
  if (before === 'path') return ['root', 'cwd'].map((n) => plain(n, CompletionItemKind.Property, range, `path.${n}`));
  if (before === 'packer')
    return PACKER_ATTRIBUTES.map((n) => plain(n, CompletionItemKind.Property, range, `packer.${n}`));
  if (before === 'data') {
    return [...new Set(config.dataSources.map((d) => d.type))].map((t) =>
      plain(t, CompletionItemKind.Class, range, 'data source type'),
    );
  }
  const dataType = /^data\.([^.]+)$/.exec(before);
  if (dataType) {
    return config.dataSources
      .filter((d) => d.type === dataType[1])
      .map((d) => plain(d.name, CompletionItemKind.Reference, range, `data.${d.type}.${d.name}`));
  }
  if (before === 'source' && cursor.blocks[0]?.type === 'build') {
    return [...new Set(config.sources.map((s) => s.type))].map((t) =>
      plain(t, CompletionItemKind.Class, range, 'source type'),
    );
  }
  const parts = before.split('.');
  if (parts.length === 2 && parts[0] === 'source') {
    return config.sources
      .filter((s) => s.type === parts[1])
      .map((s) => plain(s.name, CompletionItemKind.Reference, range, `source.${s.type}.${s.name}`));
  }
  return [];
}

/** Enum values and booleans of a field, bare or (inside a string) unquoted. */
function valueChoices(field: FieldInfo, range: Range, inString: boolean): CompletionItem[] {
  const values: unknown[] = field.enum ?? (field.types.includes('boolean') && !inString ? [true, false] : []);
  return values
    .filter((v) => !inString || typeof v === 'string')
    .map((v) => plain(inString ? String(v) : JSON.stringify(v), CompletionItemKind.EnumMember, range, field.name));
}

/** `type = …` of a variable block (inside `list(…)` too): a type constraint, not a value. */
function isVariableType(cursor: HclCursor): boolean {
  return cursor.blocks.length === 1 && cursor.blocks[0]!.type === 'variable' && cursor.attribute === 'type';
}

/** The words of type constraints, as the evaluator reads them (constructors as snippets). */
function typeItems(range: Range): CompletionItem[] {
  const { primitives, collections, structural } = TYPE_KEYWORDS;
  return [
    ...primitives.map((t) => plain(t, CompletionItemKind.Keyword, range, 'type')),
    ...collections.map((t) =>
      snippet(t, `${t}(\${1:string})`, CompletionItemKind.Keyword, range, `${t} of one element type`),
    ),
    ...structural.map((t) =>
      t === 'object'
        ? snippet(t, 'object({\n\t${1:name} = ${2:string}\n})', CompletionItemKind.Keyword, range, 'named attributes')
        : snippet(t, 'tuple([${1:string}])', CompletionItemKind.Keyword, range, 'elements by position'),
    ),
  ];
}

/**
 * A list of fixed-length tuples (`partition_mounts = [["1", "/boot"]]`):
 * where an element starts, the tuple as a snippet; inside one, what its
 * position holds (as a quoted snippet for a string).
 */
function tupleItems(field: FieldInfo, cursor: HclCursor, range: Range): CompletionItem[] {
  const element = field.schema.items && typeof field.schema.items === 'object' ? field.schema.items : undefined;
  const parts = element?.prefixItems;
  const lists = cursor.lists ?? [];
  if (!parts || parts.length === 0 || lists.length === 0 || lists.length > 2) return [];
  const names = parts.map((p, i) => (p.markdownDescription ?? p.description ?? `item ${i + 1}`).replace(/\.$/, ''));
  const slot = (p: JsonSchema, i: number, name: string): string =>
    p.type === 'string' ? `"\${${i + 1}:${name}}"` : `\${${i + 1}:${name}}`;
  if (lists.length === 1) {
    const text = `[${parts.map((p, i) => slot(p, i, names[i]!.toLowerCase())).join(', ')}]`;
    return [
      {
        ...snippet(`[${names.join(', ')}]`, text, CompletionItemKind.Snippet, range, `an element of ${field.name}`),
        documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(field) },
        filterText: '[',
        sortText: '0',
      },
    ];
  }
  const at = lists[1]!;
  const part = parts[at];
  if (!part) return [];
  return [
    {
      ...snippet(names[at]!, slot(part, 0, names[at]!.toLowerCase()), CompletionItemKind.Value, range, field.name),
      sortText: '0',
    },
  ];
}

function attributeField(cursor: HclCursor): FieldInfo | undefined {
  const target = schemaTargetOf(cursor.blocks);
  if (!target || !cursor.attribute) return undefined;
  return fieldSchema(target.kind, target.type, [...target.path, cursor.attribute]);
}

/* --------------------------------------------------------------- strings */

function stringItems(input: CompletionInput, cursor: HclCursor, replace: (length: number) => Range): CompletionItem[] {
  const prefix = cursor.stringPrefix ?? '';
  const action = /\{\{-?\s*([^}]*)$/.exec(prefix);
  const field = attributeField(cursor);
  if (action) {
    const inside = action[1]!;
    const data = /\.([A-Za-z0-9_]*)$/.exec(inside);
    if (data) return templateDataItems(field?.templateData ?? [], replace(data[1]!.length));
    const word = /[A-Za-z0-9_]*$/.exec(inside)![0];
    return [
      ...templateDataItems(field?.templateData ?? [], replace(word.length), true),
      ...pluginTemplateFunctions(cursor, replace(word.length)),
    ];
  }
  if ((cursor.attribute === 'only' || cursor.attribute === 'except') && cursor.blocks[0]?.type === 'build') {
    // Provisioners and post-processors run only for (or except) builds named `TYPE.NAME`.
    return (input.config?.sources ?? []).map((s) =>
      plain(`${s.type}.${s.name}`, CompletionItemKind.Reference, replace(prefix.length), 'source'),
    );
  }
  if (cursor.attribute === 'sources' && cursor.blocks.length === 1 && cursor.blocks[0]!.type === 'build') {
    return (input.config?.sources ?? []).map((s) =>
      plain(`source.${s.type}.${s.name}`, CompletionItemKind.Reference, replace(prefix.length), 'declared source'),
    );
  }
  if (!field) return [];
  if (field.path && input.listDir) return pathItems(input, prefix, replace);
  return valueChoices(field, replace(prefix.length), true);
}

/**
 * The legacy functions a plugin field of an HCL2 template may call: the
 * plugin renders it with Packer's template engine (Packer's own blocks keep
 * `{{ }}` as text, so none there).
 */
function pluginTemplateFunctions(cursor: HclCursor, range: Range): CompletionItem[] {
  const target = schemaTargetOf(cursor.blocks);
  if (!target || !needsType(target.kind) || !target.type) return [];
  const schema = schemaFor(target.kind, target.type);
  if (!schema) return [];
  const field = cursor.attribute
    ? fieldSchema(target.kind, target.type, [...target.path, cursor.attribute])
    : undefined;
  const fieldFunctions = [...(schema['x-template-functions'] ?? []), ...(field?.schema['x-template-functions'] ?? [])];
  const inBuild = target.kind === 'provisioner' || target.kind === 'post-processor';
  return templateFunctionItems(range, inBuild ? ['everywhere', 'provisioners'] : ['everywhere'], {
    hcl: true,
    fieldFunctions,
  });
}

/** Entries of the directory named so far, relative to the template's directory. */
function pathItems(input: CompletionInput, prefix: string, replace: (length: number) => Range): CompletionItem[] {
  if (/^[a-z]+:\/\//i.test(prefix) || prefix.includes('${')) return [];
  const slash = prefix.lastIndexOf('/');
  const typedDir = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  const base = dirname(input.path);
  const dir = typedDir.startsWith('/') ? typedDir : join(base, typedDir);
  const range = replace(prefix.length - typedDir.length);
  return input.listDir!(dir)
    .filter((e) => !e.name.startsWith('.') || prefix.slice(typedDir.length).startsWith('.'))
    .map((e) => ({
      ...plain(
        e.isDirectory ? `${e.name}/` : e.name,
        e.isDirectory ? CompletionItemKind.Folder : CompletionItemKind.File,
        range,
        undefined,
      ),
      ...(e.isDirectory ? { command: { title: 'more', command: 'editor.action.triggerSuggest' } } : {}),
    }));
}

/* --------------------------------------------------------------- items */

function plain(label: string, kind: CompletionItemKind, range: Range, detail: string | undefined): CompletionItem {
  return { label, kind, textEdit: { range, newText: label }, ...(detail ? { detail } : {}) };
}

function snippet(
  label: string,
  text: string,
  kind: CompletionItemKind,
  range: Range,
  detail: string | undefined,
): CompletionItem {
  return {
    label,
    kind,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: text },
    ...(detail ? { detail } : {}),
  };
}

export { templateFunctionItems };
