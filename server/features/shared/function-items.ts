/**
 * Completion items for functions and template data, from the core's
 * tables: HCL functions (`${ format(…) }`), legacy `{{ }}` functions and
 * the `{{.Data}}` a field renders with.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver/node';
import {
  signatureOf,
  TEMPLATE_FUNCTIONS,
  functionSignature,
  hclFunctions,
  type HclFunction,
  type FunctionScope,
} from '../../../template/index.js';

/** HCL functions, each inserted as `name(` with the cursor in the parentheses. */
export function functionItems(range: Range, table: Iterable<HclFunction> = hclFunctions.values()): CompletionItem[] {
  return [...table].map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Function,
    detail: functionSignature(f),
    documentation: { kind: MarkupKind.Markdown, value: f.description },
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: `${f.name}($0)` },
    command: { title: 'signature', command: 'editor.action.triggerParameterHints' },
  }));
}

/** Where `{{ }}` functions are offered, beyond the scopes. */
export interface TemplateFunctionPlace {
  /** An HCL2 plugin field: functions that fail there (`user`, `env`, `template_dir`) are left out. */
  hcl?: boolean;
  /** Functions only some fields define that this field does (`clean_resource_name`). */
  fieldFunctions?: readonly string[];
}

/** Legacy `{{ }}` functions usable in a scope (variables' defaults see `env` too). */
export function templateFunctionItems(
  range: Range,
  scopes: FunctionScope[],
  place: TemplateFunctionPlace = {},
): CompletionItem[] {
  return [...TEMPLATE_FUNCTIONS.values()]
    .filter((f) => scopes.includes(f.scope) || (f.scope === 'fields' && place.fieldFunctions?.includes(f.name)))
    .filter((f) => !(place.hcl && f.hclUnavailable))
    .map((f) => ({
      label: f.name,
      kind: CompletionItemKind.Function,
      detail: signatureOf(f),
      documentation: {
        kind: MarkupKind.Markdown,
        value: f.deprecated ? `**Deprecated:** ${f.deprecated}\n\n${f.doc}` : f.doc,
      },
      textEdit: { range, newText: f.name },
      sortText: `${f.builtin ? '1' : '0'}${f.name}`,
      ...(f.deprecated ? { tags: [1 as const] } : {}),
    }));
}

/** `{{.Device}}`-style data a field renders with; `dotted` when the `.` is not typed yet. */
export function templateDataItems(data: string[], range: Range, dotted = false): CompletionItem[] {
  return data.map((name) => ({
    label: dotted ? `.${name}` : name,
    kind: CompletionItemKind.Field,
    detail: 'template data',
    textEdit: { range, newText: dotted ? `.${name}` : name },
  }));
}
