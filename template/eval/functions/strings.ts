/**
 * String functions: chomp format formatlist indent join lower upper replace
 * regex regexall split strrev substr title trim trimprefix trimsuffix
 * trimspace. Lengths and offsets count characters (grapheme clusters), as
 * cty does, not UTF-16 units.
 */
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { UNKNOWN, containsUnknown, isUnknown, objectFromEntries } from '../value.js';
import { formatString } from './format-verbs.js';
import { compileRe2, re2Replacement } from './re2.js';

const str = (v: Value | undefined): string => v as string;

/**
 * Made at the first call: the first Intl.Segmenter of a process loads ICU's
 * break data (16–60 ms measured here), which a validate that calls no
 * string function must not pay at start-up.
 */
let segmenter: Intl.Segmenter | undefined;

/** The user-perceived characters of a string. */
export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function substr(text: string, offset: number, length: number): string {
  const chars = graphemes(text);
  let start = offset < 0 ? chars.length + offset : offset;
  if (start < 0) start = 0;
  if (start > chars.length) throw new FunctionError('offset must be less than or equal to the string length', 1);
  const end = length < 0 ? chars.length : Math.min(chars.length, start + length);
  return chars.slice(start, end).join('');
}

/**
 * Go's strings.ToUpper maps each character to one character: `ß` stays `ß`
 * (JavaScript would make it `SS`).
 */
function upper(text: string): string {
  return Array.from(text, (ch) => {
    const up = ch.toUpperCase();
    return [...up].length === 1 ? up : ch;
  }).join('');
}

/** Go's strings.Title: upper-cases the first letter of each word, leaves the rest. */
function title(text: string): string {
  return text.replace(
    /(^|[^\p{L}\p{N}_])(\p{L})/gu,
    (_m, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/** More indentation than this is a mistake, not a layout: refuse it rather than exhaust memory. */
const MAX_INDENT = 10_000;

function indent(spaces: number, text: string): string {
  if (spaces > MAX_INDENT) throw new FunctionError(`at most ${MAX_INDENT} spaces of indentation are supported`, 0);
  return text.replace(/\n/g, `\n${' '.repeat(Math.max(0, Math.trunc(spaces)))}`);
}

function trimCutset(text: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start]!)) start++;
  while (end > start && cut.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

function replace(text: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    return text.replace(compileRe2(search.slice(1, -1), 1, true), re2Replacement(replacement));
  }
  return text.split(search).join(replacement);
}

/** One match as regex() gives it: the text, a list of groups, or an object of named groups. */
function matchValue(match: RegExpExecArray): Value {
  if (match.groups && Object.keys(match.groups).length > 0) {
    return objectFromEntries(Object.entries(match.groups).map(([k, v]) => [k, v ?? '']));
  }
  if (match.length > 1) return match.slice(1).map((g) => g ?? '');
  return match[0];
}

function regex(pattern: string, text: string): Value {
  const match = compileRe2(pattern, 0).exec(text);
  if (!match) throw new FunctionError('pattern did not match any part of the given string', 1);
  return matchValue(match);
}

function regexall(pattern: string, text: string): Value {
  const re = compileRe2(pattern, 0, true);
  const out: Value[] = [];
  for (const match of text.matchAll(re)) out.push(matchValue(match as RegExpExecArray));
  return out;
}

/**
 * formatlist: lists are iterated in step (all the same length), other
 * arguments repeat on every line.
 */
function formatlist(args: Value[]): Value {
  const [format, ...rest] = args;
  if (containsUnknown(format!) || rest.some(isUnknown)) return UNKNOWN;
  let length: number | undefined;
  rest.forEach((arg, i) => {
    if (!Array.isArray(arg)) return;
    if (length !== undefined && arg.length !== length) {
      throw new FunctionError(
        `argument ${i + 1} has length ${arg.length}, which is inconsistent with the previous list arguments (length ${length})`,
        i + 1,
      );
    }
    length = arg.length;
  });
  const count = length ?? 1;
  const lines: Value[] = [];
  for (let row = 0; row < count; row++) {
    const rowArgs = rest.map((arg) => (Array.isArray(arg) ? arg[row]! : arg));
    if (rowArgs.some(containsUnknown)) return UNKNOWN;
    lines.push(formatString(str(format), rowArgs));
  }
  return lines;
}

function join(separator: string, lists: Value[]): string {
  if (lists.length === 0) throw new FunctionError('at least one list is required');
  const items = (lists as Value[][]).flat();
  items.forEach((item, i) => {
    if (item === null) throw new FunctionError(`element ${i} is null; cannot concatenate null values`, 1);
  });
  return items.join(separator);
}

/** The string functions of the library. */
export const stringFunctions: HclFunction[] = [
  fn('chomp', 'Removes newline characters at the end of a string.', [param('str', T.string)], T.string, ([s]) =>
    str(s).replace(/(?:\r\n|\r|\n)+$/, ''),
  ),
  fn(
    'format',
    'Produces a string by formatting values according to a specification string, like `printf`.',
    [param('format', T.string)],
    T.string,
    ([f, ...args]) => formatString(str(f), args),
    {
      variadic: param('args', T.any, { allowNull: true }),
    },
  ),
  fn(
    'formatlist',
    'Like `format`, but for lists: produces one string per element.',
    [param('format', T.string)],
    T.list(T.string),
    formatlist,
    {
      variadic: param('args', T.any, { allowNull: true, allowUnknown: true }),
    },
  ),
  fn(
    'indent',
    'Adds the given number of spaces to the start of all but the first line of a string.',
    [param('spaces', T.number), param('str', T.string)],
    T.string,
    ([n, s]) => indent(n as number, str(s)),
  ),
  fn(
    'join',
    'Concatenates the elements of lists of strings, with the separator between them.',
    [param('separator', T.string)],
    T.string,
    ([sep, ...lists]) => join(str(sep), lists),
    {
      variadic: param('lists', T.list(T.string)),
    },
  ),
  fn('lower', 'Converts all letters of a string to lowercase.', [param('str', T.string)], T.string, ([s]) =>
    str(s).toLowerCase(),
  ),
  fn('upper', 'Converts all letters of a string to uppercase.', [param('str', T.string)], T.string, ([s]) =>
    upper(str(s)),
  ),
  fn(
    'replace',
    'Replaces each occurrence of a substring (or of a `/regex/`) with a replacement.',
    [param('str', T.string), param('substr', T.string), param('replace', T.string)],
    T.string,
    ([s, a, b]) => replace(str(s), str(a), str(b)),
  ),
  fn(
    'regex',
    'Applies a regular expression (RE2 syntax) to a string and returns the match or its capture groups.',
    [param('pattern', T.string), param('string', T.string)],
    T.any,
    ([p, s]) => regex(str(p), str(s)),
  ),
  fn(
    'regexall',
    'Applies a regular expression to a string and returns a list of all matches.',
    [param('pattern', T.string), param('string', T.string)],
    T.list(T.any),
    ([p, s]) => regexall(str(p), str(s)),
  ),
  fn(
    'split',
    'Divides a string into a list at every occurrence of the separator.',
    [param('separator', T.string), param('str', T.string)],
    T.list(T.string),
    ([sep, s]) => str(s).split(str(sep)),
  ),
  fn('strrev', 'Reverses the characters of a string.', [param('str', T.string)], T.string, ([s]) =>
    graphemes(str(s)).reverse().join(''),
  ),
  fn(
    'substr',
    'Extracts a substring by character offset and length (-1 for the rest).',
    [param('str', T.string), param('offset', T.number), param('length', T.number)],
    T.string,
    ([s, o, l]) => substr(str(s), Math.trunc(o as number), Math.trunc(l as number)),
  ),
  fn('title', 'Converts the first letter of each word to uppercase.', [param('str', T.string)], T.string, ([s]) =>
    title(str(s)),
  ),
  fn(
    'trim',
    'Removes the given characters from the start and end of a string.',
    [param('str', T.string), param('cutset', T.string)],
    T.string,
    ([s, c]) => trimCutset(str(s), str(c)),
  ),
  fn(
    'trimprefix',
    'Removes a prefix from the start of a string, if present.',
    [param('str', T.string), param('prefix', T.string)],
    T.string,
    ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  ),
  fn(
    'trimsuffix',
    'Removes a suffix from the end of a string, if present.',
    [param('str', T.string), param('suffix', T.string)],
    T.string,
    ([s, p]) => (str(p) !== '' && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  ),
  fn(
    'startswith',
    'Whether a string starts with the given prefix.',
    [param('str', T.string), param('prefix', T.string)],
    T.bool,
    ([s, p]) => str(s).startsWith(str(p)),
  ),
  fn(
    'endswith',
    'Whether a string ends with the given suffix.',
    [param('str', T.string), param('suffix', T.string)],
    T.bool,
    ([s, p]) => str(s).endsWith(str(p)),
  ),
  fn(
    'strcontains',
    'Whether a string contains the given substring.',
    [param('str', T.string), param('substr', T.string)],
    T.bool,
    ([s, p]) => str(s).includes(str(p)),
  ),
  fn('trimspace', 'Removes whitespace from the start and end of a string.', [param('str', T.string)], T.string, ([s]) =>
    str(s).trim(),
  ),
];
