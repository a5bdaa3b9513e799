/** Numeric functions: abs ceil floor log max min parseint pow signum. */
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';

const num = (v: Value): number => v as number;

/** Digits for bases up to 62: 0-9, a-z, then A-Z (as Go's big.Int reads them). */
function digitValue(ch: string, base: number): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return base <= 36 ? code - 65 + 10 : code - 65 + 36;
  return Infinity;
}

function parseInteger(text: string, base: number): number {
  if (!Number.isInteger(base) || base < 2 || base > 62) {
    throw new FunctionError('base must be a whole number between 2 and 62 inclusive', 1);
  }
  const negative = text.startsWith('-');
  const digits = negative || text.startsWith('+') ? text.slice(1) : text;
  if (digits === '') throw new FunctionError(`cannot parse "${text}" as a base ${base} integer`, 0);
  let result = 0;
  for (const ch of digits) {
    const d = digitValue(ch, base);
    if (d >= base) throw new FunctionError(`cannot parse "${text}" as a base ${base} integer`, 0);
    result = result * base + d;
  }
  return negative ? -result : result;
}

function extreme(values: Value[], pick: (a: number, b: number) => number): number {
  if (values.length === 0) throw new FunctionError('must pass at least one number');
  return (values as number[]).reduce((a, b) => pick(a, b));
}

/** Packer (Terraform's implementation) reads the argument as a 64-bit integer first. */
function signum(n: number): number {
  if (!Number.isInteger(n))
    throw new FunctionError('value must be a whole number, between -9223372036854775808 and 9223372036854775807', 0);
  return Math.sign(n) || 0;
}

/** The numeric functions of the library. */
export const numericFunctions: HclFunction[] = [
  fn('abs', 'The absolute value of a number.', [param('num', T.number)], T.number, ([n]) => Math.abs(num(n!))),
  fn(
    'ceil',
    'The closest whole number greater than or equal to the given number.',
    [param('num', T.number)],
    T.number,
    ([n]) => Math.ceil(num(n!)),
  ),
  fn(
    'floor',
    'The closest whole number less than or equal to the given number.',
    [param('num', T.number)],
    T.number,
    ([n]) => Math.floor(num(n!)),
  ),
  fn(
    'log',
    'The logarithm of a number in the given base.',
    [param('num', T.number), param('base', T.number)],
    T.number,
    ([n, b]) => Math.log(num(n!)) / Math.log(num(b!)),
  ),
  fn('max', 'The greatest of one or more numbers.', [], T.number, (args) => extreme(args, Math.max), {
    variadic: param('numbers', T.number),
  }),
  fn('min', 'The smallest of one or more numbers.', [], T.number, (args) => extreme(args, Math.min), {
    variadic: param('numbers', T.number),
  }),
  fn(
    'parseint',
    'Parses a string as an integer in the given base (2 to 62).',
    [param('number', T.string), param('base', T.number)],
    T.number,
    ([s, b]) => parseInteger(s as string, num(b!)),
  ),
  fn(
    'pow',
    'The base raised to the power of the exponent.',
    [param('base', T.number), param('exponent', T.number)],
    T.number,
    ([b, e]) => num(b!) ** num(e!),
  ),
  fn('signum', 'The sign of a whole number: -1, 0 or 1.', [param('num', T.number)], T.number, ([n]) => signum(num(n!))),
];
