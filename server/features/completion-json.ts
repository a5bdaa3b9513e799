/**
 * Completion for legacy JSON templates: top-level keys, the fields of a
 * builder/provisioner/post-processor by its `type`, type values, and inside
 * strings the `{{ }}` functions allowed there and the `{{.Data}}` of the
 * field. jsonc-parser's scanner tolerates the half-typed text.
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
  schemaFor,
  LineIndex,
  type FunctionScope,
  type FieldInfo,
  type SchemaKind,
} from '../../template/index.js';
import { fieldMarkdown } from './shared/field-doc.js';
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
  const inString = node?.type === 'string' && offset > node.offset && offset < node.offset + node.length;
  let items: CompletionItem[] = [];
  if (location.isAtPropertyKey) {
    const key = quotedKeyAround(text, offset);
    items = keyItems(tree, location.path, key ? replace(key.start, key.end) : replace(offset, offset));
  } else if (inString) {
    const prefix = text.slice(node!.offset + 1, offset);
    items = stringItems(tree, location.path, prefix, offset, replace);
  }
  return { isIncomplete: false, items };
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
  let fields: FieldInfo[];
  if (where.kind === 'legacy-template') {
    fields = fieldsOf(schemaFor('legacy-template')!);
  } else {
    const schema = where.type ? schemaFor(where.kind, where.type) : undefined;
    if (!schema) return [keyItem('type', range, 'the type (required first)')];
    const nested = where.fieldPath.slice(0, -1).filter((s): s is string => typeof s === 'string');
    fields = nested.length ? fieldsOf(fieldSchema(where.kind, where.type, nested)?.schema ?? {}) : fieldsOf(schema);
  }
  return fields
    .filter((f) => !f.internal && !present.has(f.name))
    .map((f) => ({
      ...keyItem(f.name, range, undefined),
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
  if (action) {
    const inside = action[1]!;
    const data = /\.([A-Za-z0-9_]*)$/.exec(inside);
    const field =
      where && where.kind !== 'legacy-template' && where.type
        ? fieldSchema(
            where.kind,
            where.type,
            where.fieldPath.filter((s): s is string => typeof s === 'string'),
          )
        : undefined;
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
  if (where && where.kind !== 'legacy-template' && where.fieldPath.length === 1 && where.fieldPath[0] === 'type') {
    return knownTypes(where.kind).map((t) => ({
      label: t,
      kind: CompletionItemKind.Class,
      textEdit: { range: replace(offset - prefix.length, offset), newText: t },
    }));
  }
  return [];
}

/** The `"…"` of a property key being typed around the offset (its closing quote may be missing). */
function quotedKeyAround(text: string, offset: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('"', offset - 1);
  if (start < 0 || /[,:{}[\]\n]/.test(text.slice(start + 1, offset))) return undefined;
  const close = /^[^",:{}[\]\n]*"/.exec(text.slice(offset));
  return { start, end: close ? offset + close[0].length : offset };
}
