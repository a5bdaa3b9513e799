/**
 * Hover: field documentation (type, default, template data) from the
 * schema registry; block types; `{{.Data}}` and `{{ func }}` inside
 * strings; HCL functions; variables and locals with their value where the
 * evaluation knows it.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import {
  functionSignature,
  hclFunctions,
  isUnknown,
  signatureOf,
  templateFunction,
  locate,
  fieldAtPath,
  fieldSchema,
  knownTypes,
  schemaFor,
  staticString,
  type Analysis,
  type Block,
  type Value,
  type Location,
  type Expr,
  type ObjectExpr,
  type ParsedFile,
  type Range,
  type FieldInfo,
  type SchemaKind,
} from '../../template/index.js';
import { schemaTargetOf } from './shared/block-schema.js';
import { fieldMarkdown } from './shared/field-doc.js';

/** Hover at a position of a parsed file of the analysis; null when there is nothing to say. */
export function hover(analysis: Analysis, file: ParsedFile, position: Position): Hover | null {
  const location = locate(file, position);
  return (
    varFileHover(analysis, file, location) ??
    headerHover(location) ??
    sourceReferenceHover(analysis, location) ??
    referenceHover(analysis, location) ??
    callHover(location) ??
    stringHover(file, location) ??
    enumValueHover(file, location) ??
    fieldHover(file, location)
  );
}

function markdown(value: string, range?: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}

/* ------------------------------------------------------------ headers */

const TYPED_BLOCKS: Record<string, SchemaKind> = {
  source: 'source',
  data: 'data-source',
  provisioner: 'provisioner',
  'post-processor': 'post-processor',
};

function headerHover(location: Location): Hover | null {
  const block = location.blocks[location.blocks.length - 1];
  if (!block || !location.header) return null;
  if (location.header.part === 'label' && location.header.index === 0) {
    const kind = TYPED_BLOCKS[block.type];
    const schema =
      kind && !(kind === 'source' && location.blocks.length > 1) ? schemaFor(kind, block.labels[0]!.value) : undefined;
    const doc = schema?.markdownDescription ?? schema?.description;
    return doc ? markdown(`**${block.labels[0]!.value}** (${kind})\n\n${doc}`, block.labels[0]!.range) : null;
  }
  if (location.header.part === 'type' && location.blocks.length === 1) return blockKeywordHover(block);
  if (location.header.part === 'type' && location.blocks.length > 1) {
    // A nested block is a field of its parent written as a block.
    const field = fieldOfChain(location.blocks.slice(0, -1), block.type);
    return field ? markdown(fieldMarkdown(field), block.typeRange) : null;
  }
  return null;
}

/** A top-level block's keyword: what the block is, from its schema (a source: its kinds). */
function blockKeywordHover(block: Block): Hover | null {
  if (block.type === 'source') {
    const types = knownTypes('source')
      .map((t) => `\`${t}\``)
      .join(', ');
    return markdown(
      `**source** \`"TYPE" "NAME"\`\n\nA builder's configuration, built by a \`build\` block that names it in \`sources\`. Types checked here: ${types}; other plugin types are accepted unchecked.`,
      block.typeRange,
    );
  }
  const kind = TOP_LEVEL_SCHEMAS[block.type];
  const doc = kind ? schemaFor(kind)?.markdownDescription : undefined;
  return doc ? markdown(`**${block.type}**\n\n${doc}`, block.typeRange) : null;
}

/** Top-level blocks whose schema documents them. */
const TOP_LEVEL_SCHEMAS: Record<string, SchemaKind> = {
  variable: 'variable',
  locals: 'locals',
  build: 'build',
  packer: 'packer',
};

/* ---------------------------------------------------------- sources */

/** `source.TYPE.NAME` (a reference, or a string in a build's `sources`): the source it names. */
function sourceReferenceHover(analysis: Analysis, location: Location): Hover | null {
  const named = sourceNamed(location);
  if (!named) return null;
  const { type, name, range } = named;
  const decl = analysis.config.sources.find((s) => s.type === type && s.name === name);
  if (!decl) return markdown(`**source.${type}.${name}**\n\nNo source "${type}" "${name}" is declared.`, range);
  const schema = schemaFor('source', type);
  const doc = (schema?.markdownDescription ?? schema?.description ?? '').split('\n\n')[0];
  const where = `${decl.file.slice(decl.file.lastIndexOf('/') + 1)}:${decl.nameRange.start.line + 1}`;
  return markdown(
    `**source.${type}.${name}** — \`source "${type}" "${name}"\` (${where})${doc ? `\n\n${doc}` : ''}`,
    range,
  );
}

function sourceNamed(location: Location): { type: string; name: string; range: Range } | undefined {
  const expr = location.expr;
  if (expr?.type === 'traversal' && expr.root === 'source' && expr.steps.length >= 2) {
    const [type, name] = expr.steps;
    if (typeof type!.name === 'string' && typeof name!.name === 'string')
      return { type: type!.name, name: name!.name, range: expr.range };
  }
  const inBuild = location.blocks.length === 1 && location.blocks[0]!.type === 'build';
  if (!inBuild || location.attribute?.name !== 'sources' || expr?.type !== 'template') return undefined;
  // Packer reads "source.T.N", "sources.T.N" and "T.N" alike: of three parts the first goes.
  const parts = (staticString(expr) ?? '').split('.');
  const [type, name] = parts.length === 3 ? parts.slice(1) : parts;
  return type && name && parts.length <= 3 ? { type, name, range: expr.range } : undefined;
}

/* ------------------------------------------------------------ fields */

/** A string value of a field with a fixed set of values: which one it is, and the field. */
function enumValueHover(file: ParsedFile, location: Location): Hover | null {
  const expr = location.expr;
  if (expr?.type !== 'template' && expr?.type !== 'literal') return null;
  const value = expr.type === 'literal' ? expr.value : staticString(expr);
  if (value === undefined) return null;
  const field = stringField(file, location);
  if (!field?.enum?.some((v) => v === value)) return null;
  return markdown(`**${JSON.stringify(value)}** — a value of \`${field.name}\`\n\n${fieldMarkdown(field)}`, expr.range);
}

function fieldHover(file: ParsedFile, location: Location): Hover | null {
  if (file.syntax === 'json') return jsonFieldHover(location);
  if (!location.attribute) return null;
  if (location.attributePart === 'value') return objectKeyHover(location);
  const field = fieldOfChain(location.blocks, location.attribute.name);
  return field ? markdown(fieldMarkdown(field), location.attribute.nameRange) : null;
}

/** A key of an object written as a field's value (`version` in `amazon = { version = "…" }`). */
function objectKeyHover(location: Location): Hover | null {
  const item = location.objectItem;
  if (item?.side !== 'key' || !item.item.keyName || location.exprs[0] !== item.object) return null;
  const field = fieldOfChain(location.blocks, location.attribute!.name);
  const key = field ? fieldAtPath(field.schema, [item.item.keyName]) : undefined;
  return key ? markdown(fieldMarkdown(key), item.item.key.range) : null;
}

function fieldOfChain(blocks: Location['blocks'], name: string): FieldInfo | undefined {
  const target = schemaTargetOf(blocks.map((b) => ({ type: b.type, labels: b.labels.map((l) => l.value) })));
  return target ? fieldSchema(target.kind, target.type, [...target.path, name]) : undefined;
}

const JSON_SECTIONS: Record<string, SchemaKind> = {
  builders: 'source',
  provisioners: 'provisioner',
  'post-processors': 'post-processor',
};

/** A key of a builder/provisioner/post-processor object in a legacy JSON template. */
function jsonFieldHover(location: Location): Hover | null {
  const item = location.objectItem;
  if (item?.side !== 'key' || !item.item.keyName) return null;
  const field = jsonField(location, item.object, item.item.keyName);
  return field ? markdown(fieldMarkdown(field), item.item.key.range) : null;
}

function jsonField(location: Location, object: ObjectExpr, key: string): FieldInfo | undefined {
  const kind = location.attribute ? JSON_SECTIONS[location.attribute.name] : undefined;
  if (!kind) return undefined;
  const type = staticString(object.items.find((i) => i.keyName === 'type')?.value);
  return type ? fieldSchema(kind, type, [key]) : undefined;
}

/* ------------------------------------------------------ references */

/** In a var file, a name being set is a variable of the configuration. */
function varFileHover(analysis: Analysis, file: ParsedFile, location: Location): Hover | null {
  if (!file.isVarFile || !location.attribute || location.attributePart !== 'name') return null;
  return variableHover(analysis, location.attribute.name, location.attribute.nameRange);
}

function variableHover(analysis: Analysis, name: string, range: Range): Hover | null {
  const decl = analysis.config.variables.find((v) => v.name === name);
  if (!decl) return null;
  const evaluated = analysis.evaluation.variables.get(name);
  const lines = [`**var.${name}**${decl.typeExpr ? ` — \`${exprText(analysis, decl.file, decl.typeExpr)}\`` : ''}`];
  if (decl.description) lines.push('', decl.description);
  if (evaluated)
    lines.push(
      '',
      `Value: ${evaluated.sensitive ? '(sensitive)' : valueText(evaluated.value)}${evaluated.origin !== 'none' ? ` (from ${evaluated.origin})` : ''}`,
    );
  return markdown(lines.join('\n'), range);
}

function referenceHover(analysis: Analysis, location: Location): Hover | null {
  const expr = location.expr;
  if (expr?.type !== 'traversal') return null;
  const name = expr.steps[0]?.name;
  if (typeof name !== 'string') return null;
  if (expr.root === 'var') return variableHover(analysis, name, expr.range);
  if (expr.root === 'data') return dataHover(analysis, expr);
  if (expr.root === 'local') {
    if (!analysis.config.locals.some((l) => l.name === name)) return null;
    const value = analysis.evaluation.locals.get(name);
    return markdown(
      `**local.${name}**\n\nValue: ${value === undefined ? '(not known)' : valueText(value)}`,
      expr.range,
    );
  }
  return null;
}

/** `data.TYPE.NAME.attr`: declared where, and why its value is not known. */
function dataHover(analysis: Analysis, expr: Extract<Expr, { type: 'traversal' }>): Hover | null {
  const [type, name] = expr.steps.map((s) => String(s.name));
  const decl = analysis.config.dataSources.find((d) => d.type === type && d.name === name);
  if (!decl) return null;
  const where = `${decl.file}:${decl.headerRange.start.line + 1}`;
  return markdown(
    `**data.${type}.${name}** — data source \`${type}\` (${where})\n\nIts outputs are read when Packer runs the data source; validation does not run it, so they are not known here.`,
    expr.range,
  );
}

function valueText(value: Value): string {
  if (isUnknown(value)) return '(known at build time)';
  return `\`${JSON.stringify(value, (_k, v: unknown) => (isUnknown(v) ? '(unknown)' : v))}\``;
}

function exprText(analysis: Analysis, path: string, expr: Expr): string {
  const file = analysis.files.find((f) => f.path === path);
  if (!file) return '';
  const lines = file.text.split(/\r?\n/).slice(expr.range.start.line, expr.range.end.line + 1);
  if (lines.length === 0) return '';
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, expr.range.end.character);
  lines[0] = lines[0]!.slice(expr.range.start.character);
  return lines.join('\n');
}

/* ------------------------------------------------------------ calls */

function callHover(location: Location): Hover | null {
  const call = [...location.exprs].reverse().find((e) => e.type === 'call');
  if (call?.type !== 'call' || !contains(call.nameRange, location.position)) return null;
  const fn = hclFunctions.get(call.name);
  return fn ? markdown(`\`\`\`\n${functionSignature(fn)}\n\`\`\`\n\n${fn.description}`, call.nameRange) : null;
}

function contains(range: Range, p: Position): boolean {
  return (
    (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
    (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character))
  );
}

/* ---------------------------------------------------------- strings */

/** `{{.Device}}` or `{{timestamp}}` under the cursor, in a string's literal text. */
function stringHover(file: ParsedFile, location: Location): Hover | null {
  const text = location.text;
  if (!text) return null;
  const { raw } = text.part;
  const open = raw.lastIndexOf('{{', text.offset);
  const close = raw.indexOf('}}', open);
  if (open < 0 || close < 0 || text.offset > close + 1) return null;
  const word = wordAt(raw, text.offset);
  if (!word) return null;
  if (word.dotted) {
    const field = stringField(file, location);
    const data = field?.templateData ?? [];
    const note = data.includes(word.name)
      ? `Template data of \`${field!.name}\`.`
      : `Not available in ${field ? `\`${field.name}\`` : 'this string'}${data.length ? `: use ${data.map((d) => `\`.${d}\``).join(', ')}` : ''}.`;
    return markdown(`**{{.${word.name}}}**\n\n${note}${field?.description ? `\n\n${field.description}` : ''}`);
  }
  const fn = templateFunction(word.name);
  return fn
    ? markdown(
        `\`\`\`\n${signatureOf(fn)}\n\`\`\`\n\n${fn.doc}${fn.deprecated ? `\n\n**Deprecated:** ${fn.deprecated}` : ''}`,
      )
    : null;
}

function stringField(file: ParsedFile, location: Location): FieldInfo | undefined {
  if (file.syntax === 'json') {
    const item = location.objectItem;
    return item?.item.keyName ? jsonField(location, item.object, item.item.keyName) : undefined;
  }
  return location.attribute ? fieldOfChain(location.blocks, location.attribute.name) : undefined;
}

function wordAt(raw: string, offset: number): { name: string; dotted: boolean } | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(raw[start - 1]!)) start--;
  let end = offset;
  while (end < raw.length && /[A-Za-z0-9_]/.test(raw[end]!)) end++;
  if (start === end) {
    // On the dot itself.
    if (raw[offset] === '.') return wordAt(raw, offset + 1);
    return undefined;
  }
  return { name: raw.slice(start, end), dotted: raw[start - 1] === '.' };
}
