import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../template/evaluation-model.js';
import { decimalText, numberText } from '../../template/eval/number-text.js';
import {
  asBool,
  asNumber,
  asString,
  containsUnknown,
  describeValue,
  distinctValues,
  kindOf,
  objectFromEntries,
  valuesEqual,
} from '../../template/eval/value.js';

describe('value helpers', () => {
  it('names kinds', () => {
    expect([1, 'a', true, null, [], {}, UNKNOWN].map((v) => kindOf(v as never))).toEqual([
      'number',
      'string',
      'bool',
      'null',
      'list',
      'object',
      'unknown',
    ]);
  });
  it('finds UNKNOWN at any depth', () => {
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: null }] })).toBe(false);
  });
  it('compares deeply, without conversion and ignoring key order', () => {
    expect(valuesEqual({ a: [1], b: 'x' }, { b: 'x', a: [1] })).toBe(true);
    expect(valuesEqual(1, '1')).toBe(false);
    expect(valuesEqual([1], [1, 2])).toBe(false);
    expect(valuesEqual({ a: 1 }, { toString: 1 })).toBe(false);
  });
  it('converts primitives as cty does', () => {
    expect(asString(1.5)).toBe('1.5');
    expect(asString(false)).toBe('false');
    expect(asString(null)).toBeUndefined();
    expect(asNumber('42')).toBe(42);
    expect(asNumber('.5')).toBe(0.5);
    expect(asNumber('0x10')).toBeUndefined();
    expect(asNumber('')).toBeUndefined();
    expect(asBool('true')).toBe(true);
    expect(asBool('1')).toBeUndefined();
  });
  it('removes duplicates keeping the first', () => {
    expect(distinctValues([1, [2], 1, [2], '1'])).toEqual([1, [2], '1']);
  });
  it('keeps keys such as __proto__ as plain data', () => {
    const o = objectFromEntries([
      ['__proto__', 1],
      ['a', 2],
    ]);
    expect(Object.keys(o)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
  it('describes values for messages', () => {
    expect(describeValue({ b: [1, 'x'], a: null })).toBe('{a = null, b = [1, "x"]}');
    expect(describeValue(UNKNOWN)).toBe('(known after build)');
  });
});

describe('number text', () => {
  it('converts numbers to strings as Go %g, shortest (cty string conversion)', () => {
    expect([3, -1.5, 0.1, 1e21, 1e20, 1e-7, 0.0001, 123456789].map(numberText)).toEqual([
      '3',
      '-1.5',
      '0.1',
      '1e+21',
      '100000000000000000000',
      '1e-07',
      '0.0001',
      '123456789',
    ]);
  });
  it('writes JSON numbers in plain decimal', () => {
    expect([1e21, 1.5e-7, -2.5, 0].map(decimalText)).toEqual(['1000000000000000000000', '0.00000015', '-2.5', '0']);
  });
});
