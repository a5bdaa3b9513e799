/**
 * Encoding functions: base64decode base64encode base64gzip csvdecode
 * jsondecode jsonencode textdecodebase64 textencodebase64 urlencode
 * yamldecode yamlencode.
 */
import { Deflate, Z_SYNC_FLUSH } from 'pako';
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { base64Text, concatBytes, utf8Bytes } from '../../text/bytes.js';
import { UNKNOWN, objectFromEntries } from '../value.js';
import { decodeStdBase64 } from './go-base64.js';
import { decodeJson, encodeJson } from './json-text.js';
import { textEncoding, type TextEncoding } from './text-encodings.js';
import { decodeYaml } from './yaml-decode.js';
import { encodeYaml } from './yaml-encode.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64decode(text: string): string {
  const data = decodeStdBase64(text);
  if (!data.ok) throw new FunctionError(`failed to decode base64 data '${text}'`, 0);
  try {
    return utf8.decode(data.bytes);
  } catch {
    throw new FunctionError('the result of decoding the provided string is not valid UTF-8', 0);
  }
}

/** Go's url.QueryEscape: unreserved characters kept, spaces as `+`, the rest %-encoded. */
function urlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and newlines. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quotedField = false;
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quotedField) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quotedField = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quotedField = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      endField();
      records.push(record);
      record = [];
      if (ch === '\r') i++;
    } else field += ch;
    i++;
  }
  if (quotedField) throw new FunctionError('extraneous or missing " in quoted-field', 0);
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

function csvdecode(text: string): Value {
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new FunctionError('missing header line', 0);
  return rows.map((row, i) => {
    if (row.length !== header.length) {
      throw new FunctionError(
        `record on line ${i + 2}: wrong number of fields (${row.length}, header has ${header.length})`,
        0,
      );
    }
    return objectFromEntries(header.map((name, j) => [name, row[j]!]));
  });
}

/** CRC-32 (IEEE) bytes-at-a-time table. */
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(data: Uint8Array): number {
  let crc = -1;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Go's gzip header: no name, no time, unknown OS (255, where zlib writes 3). */
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);

/** Go's final block after a flush: an empty stored block marked last. */
const GO_FINAL_BLOCK = Uint8Array.of(1, 0, 0, 0xff, 0xff);

/**
 * `base64gzip`: Packer's gzip.Writer is written, flushed, then closed, so
 * the data ends in a sync-flush marker and an empty final stored block.
 * zlib (pako is zlib in JavaScript, for Node and the browser alike)
 * flushed the same way gives Go's bytes for short text (Packer's own test
 * vectors); longer text may compress differently, still to the same text
 * when unzipped.
 */
function base64gzip(text: string): string {
  const data = utf8Bytes(text);
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc32(data), true);
  view.setUint32(4, data.length % 2 ** 32, true);
  const deflate = new Deflate({ raw: true });
  deflate.push(data, Z_SYNC_FLUSH);
  if (deflate.err) throw new Error(`deflate: ${deflate.msg}`);
  // A sync flush does not end the stream: what it put out is in `chunks` (`result` comes at the end).
  return base64Text(concatBytes(GZIP_HEADER, ...deflate.chunks, GO_FINAL_BLOCK, trailer));
}

/** The encoding named by argument 1; undefined (a result not computed here) for one Packer has that this does not. */
function namedEncoding(name: string): TextEncoding | undefined {
  const encoding = textEncoding(name);
  if (encoding === 'elsewhere') return undefined;
  if (!encoding) throw new FunctionError(`${JSON.stringify(name)} is not a supported IANA encoding name or alias`, 1);
  return encoding;
}

function textencodebase64(text: string, name: string): Value {
  const encoding = namedEncoding(name);
  if (!encoding) return UNKNOWN;
  const bytes = encoding.encode(text);
  if (!bytes)
    throw new FunctionError(`the given string contains characters that cannot be represented in ${encoding.name}`, 0);
  return base64Text(bytes);
}

function textdecodebase64(source: string, name: string): Value {
  const encoding = namedEncoding(name);
  if (!encoding) return UNKNOWN;
  const data = decodeStdBase64(source);
  if (!data.ok) throw new FunctionError(`the given value is has an invalid base64 symbol at offset ${data.offset}`, 0);
  // Go's decoders put U+FFFD for bytes that are no character; Packer rejects any in the result.
  const text = encoding.decode(data.bytes);
  if (text.includes('\ufffd'))
    throw new FunctionError(`the given string contains symbols that are not defined for ${encoding.name}`, 0);
  return text;
}

/** The encoding functions of the library. */
export const encodingFunctions: HclFunction[] = [
  fn('base64decode', 'Decodes a Base64 string holding UTF-8 text.', [param('str', T.string)], T.string, ([s]) =>
    base64decode(s as string),
  ),
  fn('base64encode', 'Encodes a string (as UTF-8) in Base64.', [param('str', T.string)], T.string, ([s]) =>
    base64Text(utf8Bytes(s as string)),
  ),
  fn(
    'base64gzip',
    'Compresses a string (as UTF-8) with gzip and encodes the result in Base64.',
    [param('str', T.string)],
    T.string,
    ([s]) => base64gzip(s as string),
  ),
  fn(
    'csvdecode',
    'Decodes CSV text (a header line, then records) into a list of maps.',
    [param('str', T.string)],
    T.list(T.map(T.string)),
    ([s]) => csvdecode(s as string),
  ),
  fn('jsondecode', 'Decodes a JSON string into the value it represents.', [param('str', T.string)], T.any, ([s]) =>
    decodeJson(s as string, 0),
  ),
  fn(
    'jsonencode',
    'Encodes a value as compact JSON (object keys sorted).',
    [param('val', T.any, { allowNull: true })],
    T.string,
    ([v]) => encodeJson(v!),
  ),
  fn(
    'textdecodebase64',
    'Decodes Base64 data holding text in the named character encoding (`UTF-16LE`, `ISO-8859-1`…).',
    [param('source', T.string), param('encoding', T.string)],
    T.string,
    ([s, e]) => textdecodebase64(s as string, e as string),
  ),
  fn(
    'textencodebase64',
    'Encodes a string in the named character encoding (`UTF-16LE`, `ISO-8859-1`…), then in Base64.',
    [param('string', T.string), param('encoding', T.string)],
    T.string,
    ([s, e]) => textencodebase64(s as string, e as string),
  ),
  fn(
    'yamldecode',
    'Decodes a YAML document into the value it represents (mappings become objects, sequences tuples).',
    [param('src', T.string)],
    T.any,
    ([s]) => decodeYaml(s as string),
  ),
  fn(
    'yamlencode',
    'Encodes a value as YAML (block style, keys sorted, strings quoted).',
    [param('value', T.any, { allowNull: true })],
    T.string,
    ([v]) => encodeYaml(v!),
  ),
  fn(
    'urlencode',
    'Escapes a string for use in a URL query (spaces become `+`).',
    [param('str', T.string)],
    T.string,
    ([s]) => urlencode(s as string),
  ),
];
