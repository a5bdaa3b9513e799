/**
 * Test helpers: block bodies from HCL and JSON text, and a static evaluator
 * (literals only; anything else, or `${…}` inside a string, is UNKNOWN).
 */
import { parseJson } from '../../template/json/parse-json.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { UNKNOWN, type Value } from '../../template/evaluation-model.js';
import type { Block, Body, Expr, Range } from '../../template/model.js';

/** Literals as their values; interpolations, references and calls as UNKNOWN. */
export function staticEvaluate(expr: Expr): Value {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'template':
      return expr.parts.every((p) => p.kind === 'literal')
        ? expr.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join('')
        : UNKNOWN;
    case 'tuple':
      return expr.items.map(staticEvaluate);
    case 'object': {
      const out: Record<string, Value> = {};
      for (const item of expr.items) if (item.keyName !== undefined) out[item.keyName] = staticEvaluate(item.value);
      return out;
    }
    case 'paren':
      return staticEvaluate(expr.inner);
    default:
      return UNKNOWN;
  }
}

/** The first block of the file (e.g. `source "chroot" "x" { … }`). */
export async function hclBlock(text: string, path = 'test.pkr.hcl'): Promise<Block> {
  await initHclParser();
  const file = parseHcl(path, text);
  if (file.diagnostics.length > 0) throw new Error(`HCL syntax: ${file.diagnostics.map((d) => d.message).join('; ')}`);
  const block = file.body.blocks[0];
  if (!block) throw new Error('no block');
  return block;
}

/** A JSON object (the whole text) as a Body, minus `type`/`name`, plus the range of its `type` value (the header). */
export function jsonBody(text: string, path = 'test.json'): { body: Body; header: Range } {
  const file = parseJson(path, text);
  if (file.diagnostics.length > 0) throw new Error(`JSON syntax: ${file.diagnostics.map((d) => d.message).join('; ')}`);
  const typeAttr = file.body.attributes.find((a) => a.name === 'type');
  const body: Body = {
    ...file.body,
    attributes: file.body.attributes.filter((a) => a.name !== 'type' && a.name !== 'name'),
  };
  return { body, header: typeAttr ? typeAttr.value.range : file.body.range };
}

/** Where `needle` (the n-th occurrence) sits in `text`, as an LSP range. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" not found`);
  }
  return { start: positionAt(text, offset), end: positionAt(text, offset + needle.length) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The first object of a top-level JSON array (`builders`, `provisioners`) as a Body without `type`/`name`. */
export function jsonArrayElementBody(text: string, key: string, path = 'test.json'): { body: Body; header: Range } {
  const file = parseJson(path, text);
  const list = file.body.attributes.find((a) => a.name === key)?.value;
  const object = list?.type === 'tuple' ? list.items[0] : undefined;
  if (object?.type !== 'object') throw new Error(`no object in "${key}"`);
  const typeItem = object.items.find((i) => i.keyName === 'type');
  const attributes = object.items
    .filter((i) => i.keyName !== undefined && i.keyName !== 'type' && i.keyName !== 'name')
    .map((i) => ({ name: i.keyName!, nameRange: i.key.range, value: i.value, range: i.range }));
  return {
    body: { range: object.range, attributes, blocks: [] },
    header: typeItem ? typeItem.value.range : object.range,
  };
}

/** A block found by its path of block types from the top of an HCL file (`['build', 'provisioner']`). */
export async function hclNestedBlock(text: string, types: string[], path = 'test.pkr.hcl'): Promise<Block> {
  await initHclParser();
  const file = parseHcl(path, text);
  let body = file.body;
  let found: Block | undefined;
  for (const type of types) {
    found = body.blocks.find((b) => b.type === type);
    if (!found) throw new Error(`no block ${types.join(' > ')}`);
    body = found.body;
  }
  return found!;
}
