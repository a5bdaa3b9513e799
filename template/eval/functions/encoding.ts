/** Encoding functions: base64decode base64encode csvdecode jsondecode jsonencode urlencode yamlencode. */
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { objectFromEntries } from '../value.js';
import { decodeJson, encodeJson } from './json-text.js';
import { encodeYaml } from './yaml-encode.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64decode(text: string): string {
  // Go's StdEncoding: padded standard alphabet (line breaks are ignored).
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new FunctionError(`failed to decode base64 data '${text}'`, 0);
  }
  try {
    return utf8.decode(Buffer.from(compact, 'base64'));
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
      throw new FunctionError(`record on line ${i + 2}: wrong number of fields (${row.length}, header has ${header.length})`, 0);
    }
    return objectFromEntries(header.map((name, j) => [name, row[j]!]));
  });
}

/** The encoding functions of the library. */
export const encodingFunctions: HclFunction[] = [
  fn('base64decode', 'Decodes a Base64 string holding UTF-8 text.', [param('str', T.string)], T.string, ([s]) => base64decode(s as string)),
  fn('base64encode', 'Encodes a string (as UTF-8) in Base64.', [param('str', T.string)], T.string, ([s]) => Buffer.from(s as string, 'utf8').toString('base64')),
  fn('csvdecode', 'Decodes CSV text (a header line, then records) into a list of maps.', [param('str', T.string)], T.list(T.map(T.string)), ([s]) => csvdecode(s as string)),
  fn('jsondecode', 'Decodes a JSON string into the value it represents.', [param('str', T.string)], T.any, ([s]) => decodeJson(s as string, 0)),
  fn('jsonencode', 'Encodes a value as compact JSON (object keys sorted).', [param('val', T.any, { allowNull: true })], T.string, ([v]) => encodeJson(v!)),
  fn('yamlencode', 'Encodes a value as YAML (block style, keys sorted, strings quoted).', [param('value', T.any, { allowNull: true })], T.string, ([v]) => encodeYaml(v!)),
  fn('urlencode', 'Escapes a string for use in a URL query (spaces become `+`).', [param('str', T.string)], T.string, ([s]) => urlencode(s as string)),
];
