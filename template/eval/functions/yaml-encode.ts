/**
 * `yamlencode` as Packer's (cty-yaml on go-yaml) writes YAML: block style,
 * keys sorted and double-quoted, strings double-quoted unless they span
 * lines (then a literal block `|`), a sequence inside a mapping not
 * indented, empty collections as `[]` / `{}`, and a plain scalar document
 * closed with `...`.
 */
import type { Value } from '../../evaluation-model.js';
import { decimalText } from '../number-text.js';
import { isObjectValue, sortedEntries } from '../value.js';

/** Code points go-yaml writes as a one-letter escape (`\n`, `\N`…). */
const NAMED_ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

/** YAML's printable characters (what may appear unescaped). */
function isPrintable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** YAML line breaks: always escaped inside double quotes. */
const BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

/** A double-quoted scalar, escaped as go-yaml escapes. */
function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const named = NAMED_ESCAPES.get(code);
    const escaped = !isPrintable(code) || code === 0xfeff || BREAKS.has(code) || code === 0x22 || code === 0x5c;
    if (!escaped) out += ch;
    else if (named !== undefined) out += `\\${named}`;
    else if (code <= 0xff) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Whether go-yaml may write the string as a literal block: it has a line
 * break, every character is printable (no tab), no line ends in a space,
 * and the string does not end in a space.
 */
function literalAllowed(text: string): boolean {
  if (!text.includes('\n') || text.includes('\r')) return false;
  if (/ \n/.test(text) || text.endsWith(' ')) return false;
  for (const ch of text) if (!isPrintable(ch.codePointAt(0)!)) return false;
  return true;
}

/** Lines of a literal block scalar: the header, then the text indented by `indent`. */
function literalBlock(text: string, indent: number): string[] {
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indicator = text.startsWith(' ') || text.startsWith('\n') ? '2' : '';
  const body = text.slice(0, text.length - trailing).split('\n');
  const extra = trailing > 1 ? Array<string>(trailing - 1).fill('') : [];
  const pad = ' '.repeat(indent);
  return [`|${indicator}${chomp}`, ...[...body, ...extra].map((line) => (line === '' ? '' : pad + line))];
}

/** A scalar or empty collection: its lines, the first to follow a key or `- `. */
function scalarLines(value: Value, blockIndent: number): string[] | undefined {
  if (value === null) return ['null'];
  if (typeof value === 'boolean') return [String(value)];
  if (typeof value === 'number') return [decimalText(value)];
  if (typeof value === 'string')
    return literalAllowed(value) ? literalBlock(value, blockIndent) : [doubleQuoted(value)];
  if (Array.isArray(value) && value.length === 0) return ['[]'];
  if (isObjectValue(value) && Object.keys(value).length === 0) return ['{}'];
  return undefined;
}

/** The lines of a non-empty collection at `indent`. */
function collectionLines(value: Value, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const scalar = scalarLines(item, indent + 2);
      if (scalar) {
        lines.push(`${pad}- ${scalar[0]}`, ...scalar.slice(1));
        continue;
      }
      // A nested collection starts on the `- ` line, its later lines indented past it.
      const nested = collectionLines(item, indent + 2);
      lines.push(`${pad}- ${nested[0]!.slice(indent + 2)}`, ...nested.slice(1));
    }
    return lines;
  }
  for (const [key, item] of sortedEntries(value as Record<string, Value>)) {
    const head = `${pad}${doubleQuoted(key)}:`;
    const scalar = scalarLines(item, indent + 2);
    if (scalar) lines.push(`${head} ${scalar[0]}`, ...scalar.slice(1));
    // go-yaml does not indent a sequence under a mapping key; it does indent a mapping.
    else lines.push(head, ...collectionLines(item, Array.isArray(item) ? indent : indent + 2));
  }
  return lines;
}

/** The YAML document for a known value. */
export function encodeYaml(value: Value): string {
  const scalar = scalarLines(value, 2);
  if (!scalar) return `${collectionLines(value, 0).join('\n')}\n`;
  const plain = value === null || typeof value === 'number' || typeof value === 'boolean';
  return scalar.join('\n') + (plain ? '\n...\n' : '\n');
}
