/**
 * The field reference (docs/reference.md), rendered from the schemas so the
 * documentation never restates a field list by hand.
 */
import { TYPED_SCHEMAS, UNTYPED_SCHEMAS } from './catalog.js';
import { describeType } from './describe-type.js';
import { elementSchema, fieldsOf, schemaFor, type FieldInfo } from './registry.js';
import type { JsonSchema, SchemaKind } from './schema-types.js';

const HEADINGS: Record<string, string> = {
  source: 'Sources (builders)',
  provisioner: 'Provisioners',
  'post-processor': 'Post-processors',
  'data-source': 'Data sources',
};

/** The whole reference as Markdown. */
export function renderReference(): string {
  const parts = [
    '# Field reference',
    '',
    'Generated from `schemas/` by `node scripts/compile-schemas.mjs --docs`; do not edit by hand.',
    '',
  ];
  for (const [kind, files] of Object.entries(TYPED_SCHEMAS)) {
    parts.push(`## ${HEADINGS[kind] ?? kind}`, '');
    if (Object.keys(files).length === 0)
      parts.push('None has a schema yet: each is reported as not checked (a warning), never as an error.', '');
    for (const type of Object.keys(files))
      parts.push(...renderSchema(`${kind} "${type}"`, schemaFor(kind as SchemaKind, type)!));
  }
  parts.push('## Other blocks', '');
  for (const kind of Object.keys(UNTYPED_SCHEMAS)) parts.push(...renderSchema(kind, schemaFor(kind as SchemaKind)!));
  return `${parts.join('\n').trimEnd()}\n`;
}

function renderSchema(title: string, schema: JsonSchema): string[] {
  const lines = [`### ${title}`, ''];
  if (schema.markdownDescription) lines.push(oneLine(schema.markdownDescription), '');
  const fields = fieldsOf(schema).filter((f) => !f.internal);
  if (fields.length === 0) return [...lines, 'Any attribute.', ''];
  lines.push(...fieldTable(fields), '');
  for (const field of fields) {
    const nested = field.hclBlock
      ? field.hclBlock === 'repeatable'
        ? elementSchema(field.schema, schema)
        : field.schema
      : undefined;
    const inner = nested ? fieldsOf(nested).filter((f) => !f.internal) : [];
    if (inner.length > 0)
      lines.push(
        `#### \`${field.name}\` block${field.hclBlock === 'repeatable' ? ' (repeatable)' : ''}`,
        '',
        ...fieldTable(inner),
        '',
      );
  }
  return lines;
}

function fieldTable(fields: FieldInfo[]): string[] {
  const rows = fields.map(
    (f) =>
      `| \`${f.name}\`${f.required ? ' (required)' : ''} | ${cell(typeText(f))} | ${f.hasDefault ? cell(`\`${JSON.stringify(f.default)}\``) : ''} | ${(f.templateData ?? []).map((d) => `\`.${d}\``).join(', ')} | ${cell(oneLine(describe(f)))} |`,
  );
  return ['| field | type | default | template data | description |', '|---|---|---|---|---|', ...rows];
}

function typeText(field: FieldInfo): string {
  const base = field.hclBlock ? (field.hclBlock === 'repeatable' ? 'blocks' : 'block') : describeType(field.schema);
  if (!field.enum) return base;
  const values = field.enum.map((v) => `\`${String(v)}\``).join(', ');
  // `x-values` name the usual values of a free-text field; `enum` the only ones accepted.
  return field.schema.enum ? `${base}: ${values}` : `${base}, e.g. ${values}`;
}

function describe(field: FieldInfo): string {
  const text = field.description ?? '';
  return field.deprecated ? `**Deprecated:** ${field.deprecated} ${text}` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Table cells cannot hold a raw `|`. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
