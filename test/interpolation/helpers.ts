/**
 * Builders for the tests of template/interpolation: string values taken
 * from real JSON text (through the project's JSON parser, so `raw` and
 * ranges are what the validator will pass), and positions by search.
 */
import { parseJson } from '../../template/json/parse-json.js';
import type { Expr, Position, Range, TemplateExpr } from '../../template/model.js';

/**
 * The TemplateExpr of the JSON string in `document` that is the value of
 * key `key` (first match, any depth).
 */
export function jsonStringAt(document: string, key: string): TemplateExpr {
  const file = parseJson('/t/template.json', document);
  const found = findValue(
    file.body.attributes.map((a) => [a.name, a.value] as const),
    key,
  );
  if (found?.type !== 'template') throw new Error(`no string value for "${key}" in test document`);
  return found;
}

type Pair = readonly [string | undefined, Expr];

function findValue(pairs: Pair[], key: string): Expr | undefined {
  for (const [name, value] of pairs) {
    if (name === key) return value;
    const nested = childrenOf(value);
    const found = findValue(nested, key);
    if (found) return found;
  }
  return undefined;
}

function childrenOf(value: Expr): Pair[] {
  if (value.type === 'object') return value.items.map((i) => [i.keyName, i.value] as const);
  if (value.type === 'tuple') return value.items.map((i) => [undefined, i] as const);
  return [];
}

/** A one-line JSON document `{"v": "<raw>"}` and its string value (raw starts at character 7). */
export function jsonValue(raw: string): TemplateExpr {
  return jsonStringAt(`{"v": "${raw}"}`, 'v');
}

/** Position of the `nth` occurrence of `needle` in `text` (LSP: line, UTF-16 character). */
export function positionOf(text: string, needle: string, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found in test text`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

/** Range of the `nth` occurrence of `needle` in `text` (single-line needles). */
export function rangeOfText(text: string, needle: string, nth = 0): Range {
  const start = positionOf(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}
