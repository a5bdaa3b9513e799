/**
 * Completion for legacy JSON templates: top-level keys, the fields of a
 * builder/provisioner/post-processor by its `type` (those it still needs
 * first), type values, a field's enum values and booleans, and inside
 * strings the `{{ }}` functions allowed there, the `{{.Data}}` of the field
 * and the variables ``{{user `…`}}`` may name. jsonc-parser's scanner
 * tolerates the half-typed text (a string whose closing quote is not typed
 * yet runs to the cursor).
 */
import { findNodeAtLocation, getLocation, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import {
  fieldSchema,
  fieldsOf,
  knownTypes,
  requiredFields,
  schemaFor,
  LineIndex,
  type FunctionScope,
  type FieldInfo,
  type JsonSchema,
  type SchemaKind,
} from '../../template/index.js';
import { fieldMarkdown, requiredMark } from './shared/field-doc.js';
import { templateDataItems, templateFunctionItems } from './shared/function-items.js';

const SECTIONS: Record<string, SchemaKind> = {
  builders: 'source',
  provisioners: 'provisioner',
  'post-processors': 'post-processor',
};

/** Completion items at a position of a legacy JSON template. */
export function completeJson(text: string, position: Position): CompletionList {
  const index = new LineIndex(text);
  const offset = index.offsetAt(position);
  const location = getLocation(text, offset);
  const tree = parseTree(text);
  const node = location.previousNode;
  const replace = (start: number, end: number): Range => index.rangeOf(start, end);
  let items: CompletionItem[] = [];
  if (location.isAtPropertyKey) {
    const key = quotedKeyAround(text, offset);
    items = keyItems(tree, location.path, key ? replace(key.start, key.end) : replace(offset, offset));
  } else if (node?.type === 'string' && inString(text, node, offset)) {
    const prefix = text.slice(node.offset + 1, offset);
    items = stringItems(tree, location.path, prefix, offset, replace);
  } else if (!node && typeof location.path[location.path.length - 1] === 'string') {
    // After `"key": `, where a value starts: the field's literal values (a partial word is replaced).
    const word = /[A-Za-z0-9_.-]*$/.exec(text.slice(Math.max(0, offset - 64), offset))![0];
    items = literalItems(tree, location.path, replace(offset - word.length, offset));
  }
  return { isIncomplete: false, items };
}

/** Whether the offset is inside a string token: after its opening quote, before its closing one (if any yet). */
function inString(text: string, node: Node, offset: number): boolean {
  const end = node.offset + node.length;
  if (offset <= node.offset || offset > end) return false;
  // While typing the closing quote is often missing: the string then runs to the offset.
  const closed = node.length >= 2 && text[end - 1] === '"' && !escapedAt(text, end - 1, node.offset);
  return offset < end || !closed;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it, within the string). */
function escapedAt(text: string, at: number, start: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i > start && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/** Which schema governs the object at a path, and the field path inside it. */
function target(
  tree: Node | undefined,
  path: JSONPath,
): { kind: SchemaKind; type?: string; fieldPath: JSONPath } | undefined {
  if (path.length <= 1) return { kind: 'legacy-template', fieldPath: path.slice(0, 0) };
  const kind = SECTIONS[String(path[0])];
  if (!kind) return undefined;
  // post-processors may nest one level: [[{…}, {…}]].
  const objectPath = kind === 'post-processor' && typeof path[2] === 'number' ? path.slice(0, 3) : path.slice(0, 2);
  const typeNode = tree ? findNodeAtLocation(tree, [...objectPath, 'type']) : undefined;
  const type = typeof typeNode?.value === 'string' ? typeNode.value : undefined;
  return { kind, type, fieldPath: path.slice(objectPath.length) };
}

function keyItems(tree: Node | undefined, path: JSONPath, range: Range): CompletionItem[] {
  const where = target(tree, path);
  if (!where) return [];
  const objectPath = path.slice(0, -1);
  const present = new Set(presentKeys(tree, objectPath));
  let schema: JsonSchema | undefined;
  if (where.kind === 'legacy-template') {
    schema = schemaFor('legacy-template');
  } else {
    const typed = where.type ? schemaFor(where.kind, where.type) : undefined;
    if (!typed) return [{ ...keyItem('type', range, 'the type (required first)'), sortText: '0type' }];
    const nested = where.fieldPath.slice(0, -1).filter((s): s is string => typeof s === 'string');
    schema = nested.length ? fieldSchema(where.kind, where.type, nested)?.schema : typed;
  }
  if (!schema) return [];
  const required = requiredFields(schema, present);
  return fieldsOf(schema)
    .filter((f) => !f.internal && !present.has(f.name))
    .map((f) => ({
      ...keyItem(f.name, range, undefined),
      ...requiredMark(required.has(f.name)),
      sortText: `${required.has(f.name) ? '0' : '1'}${f.name}`,
      documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f) },
    }));
}

function presentKeys(tree: Node | undefined, objectPath: JSONPath): string[] {
  const object = tree ? (objectPath.length ? findNodeAtLocation(tree, objectPath) : tree) : undefined;
  return (object?.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
}

function keyItem(name: string, range: Range, detail: string | undefined): CompletionItem {
  return {
    label: name,
    kind: CompletionItemKind.Property,
    textEdit: { range, newText: `"${name}"` },
    filterText: `"${name}"`,
    ...(detail ? { detail } : {}),
  };
}

function stringItems(
  tree: Node | undefined,
  path: JSONPath,
  prefix: string,
  offset: number,
  replace: (s: number, e: number) => Range,
): CompletionItem[] {
  const action = /\{\{-?\s*([^}]*)$/.exec(prefix);
  const where = target(tree, path);
  const field = fieldAt(where);
  if (action) {
    const inside = action[1]!;
    const user = /\buser\s+[`"]([A-Za-z0-9_.-]*)$/.exec(inside);
    if (user) return userVariableItems(tree, replace(offset - user[1]!.length, offset));
    const data = /\.([A-Za-z0-9_]*)$/.exec(inside);
    if (data) return templateDataItems(field?.templateData ?? [], replace(offset - data[1]!.length, offset));
    const word = /[A-Za-z0-9_]*$/.exec(inside)![0];
    const range = replace(offset - word.length, offset);
    const scopes: FunctionScope[] = [
      'everywhere',
      ...(path[0] === 'variables' ? (['variables'] as const) : []),
      ...(path[0] === 'provisioners' || path[0] === 'post-processors' ? (['provisioners'] as const) : []),
    ];
    return [...templateDataItems(field?.templateData ?? [], range, true), ...templateFunctionItems(range, scopes)];
  }
  const range = replace(offset - prefix.length, offset);
  if (where && where.kind !== 'legacy-template' && where.fieldPath.length === 1 && where.fieldPath[0] === 'type') {
    return knownTypes(where.kind).map((t) => ({
      label: t,
      kind: CompletionItemKind.Class,
      textEdit: { range, newText: t },
    }));
  }
  // A field's string values (`"output_format": "qcow2"`), written inside the quotes.
  return (field?.enum ?? [])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      detail: field!.name,
      textEdit: { range, newText: v },
    }));
}

/** Where a value starts: the field's enum values and booleans, as JSON literals. */
function literalItems(tree: Node | undefined, path: JSONPath, range: Range): CompletionItem[] {
  const field = fieldAt(target(tree, path));
  if (!field) return [];
  const values: unknown[] = field.enum ?? (field.types.includes('boolean') ? [true, false] : []);
  return values.map((v) => {
    const literal = JSON.stringify(v);
    return {
      label: literal,
      kind: CompletionItemKind.EnumMember,
      detail: field.name,
      textEdit: { range, newText: literal },
    };
  });
}

/** The schema field a path names inside a builder, provisioner or post-processor. */
function fieldAt(where: ReturnType<typeof target>): FieldInfo | undefined {
  if (!where || where.kind === 'legacy-template' || !where.type) return undefined;
  const names = where.fieldPath.filter((s): s is string => typeof s === 'string');
  return names.length > 0 ? fieldSchema(where.kind, where.type, names) : undefined;
}

/** ``{{user `…`}}``: the variables the template declares. */
function userVariableItems(tree: Node | undefined, range: Range): CompletionItem[] {
  return presentKeys(tree, ['variables']).map((name) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: 'variable',
    textEdit: { range, newText: name },
  }));
}

/** The `"…"` of a property key being typed around the offset (its closing quote may be missing). */
function quotedKeyAround(text: string, offset: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('"', offset - 1);
  if (start < 0 || /[,:{}[\]\n]/.test(text.slice(start + 1, offset))) return undefined;
  const close = /^[^",:{}[\]\n]*"/.exec(text.slice(offset));
  return { start, end: close ? offset + close[0].length : offset };
}
