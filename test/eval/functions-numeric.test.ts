import { beforeAll, describe, expect, it } from 'vitest';
import { onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const cases: Array<[string, unknown]> = [
  ['abs(-3.5)', 3.5],
  ['abs(-0)', 0],
  ['abs("-2")', 2],
  ['ceil(1.2)', 2],
  ['ceil(-1.2)', -1],
  ['floor(1.8)', 1],
  ['floor(-1.2)', -2],
  ['log(8, 2)', 3],
  ['log(100, 10)', 2],
  ['log(0, 10)', -Infinity],
  ['max(1, 5, 3)', 5],
  ['max([1, 2]...)', 2],
  ['min(4, -1, 3)', -1],
  ['min("3", 2)', 2],
  ['parseint("ff", 16)', 255],
  ['parseint("-7f", 16)', -127],
  ['parseint("zZ", 62)', 2231],
  ['parseint("1010", 2)', 10],
  ['parseint("FF", 16)', 255],
  ['pow(2, 10)', 1024],
  ['pow(4, 0.5)', 2],
  ['signum(-3)', -1],
  ['signum(0)', 0],
  ['signum(7)', 1],
];

describe('numeric functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string, string]> = [
  ['max()', 'function-error', 'must pass at least one number', 'max()'],
  ['min()', 'function-error', 'must pass at least one number', 'min()'],
  ['parseint("12", 1)', 'function-error', 'base must be a whole number between 2 and 62 inclusive', '1#1'],
  ['parseint("xyz", 10)', 'function-error', 'cannot parse "xyz" as a base 10 integer', '"xyz"'],
  ['parseint("", 10)', 'function-error', 'cannot parse "" as a base 10 integer', '""'],
  ['signum(-0.5)', 'function-error', 'value must be a whole number', '-0.5'],
  ['abs("x")', 'function-error', 'a number is required', '"x"'],
  ['abs(true)', 'function-error', 'a number is required', 'true'],
  ['pow(2)', 'function-arity', 'Missing value for "exponent"', 'pow'],
  ['abs(1, 2)', 'function-arity', 'expects only 1 argument(s)', '2'],
];

describe('numeric function errors', () => {
  it.each(errors)('%s', (source, code, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe(code);
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
