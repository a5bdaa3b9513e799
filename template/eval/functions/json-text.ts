/**
 * Values to and from JSON text the way cty does it: compact, object keys
 * sorted, and strings escaped as Go's encoding/json escapes them (`<`, `>`
 * and `&` as `\u003c`…, so the text is safe inside HTML).
 */
import type { Value } from '../../evaluation-model.js';
import { FunctionError } from '../function-model.js';
import { decimalText } from '../number-text.js';
import { isObjectValue, objectFromEntries, sortedEntries } from '../value.js';

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string literal, escaped as Go escapes it. */
export function jsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Compact JSON text of a known value; object keys in lexical order. */
export function encodeJson(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(',')}]`;
  if (isObjectValue(value))
    return `{${sortedEntries(value)
      .map(([k, v]) => `${jsonString(k)}:${encodeJson(v)}`)
      .join(',')}}`;
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? decimalText(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  return 'null';
}

/** Parses JSON text into a value; a FunctionError for argument `argIndex` when it is not JSON. */
export function decodeJson(text: string, argIndex: number): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FunctionError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, argIndex);
  }
  return fromJson(parsed);
}

function fromJson(data: unknown): Value {
  if (Array.isArray(data)) return data.map(fromJson);
  if (data !== null && typeof data === 'object') {
    return objectFromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]));
  }
  return data as Value;
}
