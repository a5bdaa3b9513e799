/**
 * Markdown for one schema field, shared by hover and completion: the
 * schema's own text plus type, default, allowed values and template data.
 */
import type { CompletionItem } from 'vscode-languageserver/node';
import { describeSchemaType as describeType, type FieldInfo } from '../../../template/index.js';

/** The field's documentation as markdown. */
export function fieldMarkdown(field: FieldInfo): string {
  const lines = [`**${field.name}** — ${describeType(field.schema)}${field.required ? ', required' : ''}`];
  if (field.description) lines.push('', field.description);
  const facts: string[] = [];
  if (field.hasDefault) facts.push(`Default: \`${JSON.stringify(field.default)}\``);
  if (field.enum) facts.push(`Values: ${field.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  if (field.templateData) facts.push(`Template data: ${field.templateData.map((d) => `\`{{.${d}}}\``).join(', ')}`);
  if (field.path)
    facts.push(
      `A local ${field.path === 'dir' ? 'directory' : field.path === 'file' ? 'file' : 'file or a URL'}, relative to the template.`,
    );
  if (field.deprecated) facts.push(`Deprecated: ${field.deprecated}`);
  if (facts.length > 0) lines.push('', ...facts.map((f) => `- ${f}`));
  return lines.join('\n');
}

/** How completion marks a field the block still needs (sorted first by the caller). */
export function requiredMark(required: boolean): Pick<CompletionItem, 'detail' | 'labelDetails'> {
  return required ? { detail: 'required', labelDetails: { description: 'required' } } : {};
}
