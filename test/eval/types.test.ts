import { beforeAll, describe, expect, it } from 'vitest';
import { convertValue } from '../../template/eval/convert.js';
import { parseTypeExpr } from '../../template/eval/parse-type.js';
import { T, typeToString, type HclType } from '../../template/eval/types.js';
import { UNKNOWN } from '../../template/evaluation-model.js';
import { parseExpr, rangeOf, setup } from './helpers.js';

beforeAll(setup);

describe('parseTypeExpr', () => {
  const valid: Array<[string, string]> = [
    ['string', 'string'],
    ['number', 'number'],
    ['bool', 'bool'],
    ['any', 'any'],
    ['list(string)', 'list(string)'],
    ['set(number)', 'set(number)'],
    ['map(list(bool))', 'map(list(bool))'],
    ['tuple([string, number])', 'tuple([string, number])'],
    ['object({name = string, size = optional(number)})', 'object({name = string, size = optional(number)})'],
    ['list(object({a = map(string)}))', 'list(object({a = map(string)}))'],
  ];
  it.each(valid)('%s', (source, expected) => {
    const parsed = parseTypeExpr(parseExpr(source));
    expect(parsed.ok && typeToString(parsed.type)).toBe(expected);
  });

  const invalid: Array<[string, string, string]> = [
    ['list', 'requires one argument specifying the element type', 'list'],
    ['strin', 'not a valid type specification', 'strin'],
    ['list(strng)', 'not a valid type specification', 'strng'],
    ['string(1)', 'does not expect arguments', 'string(1)'],
    ['foo(string)', 'not a valid type constructor', 'foo(string)'],
    ['optional(string)', 'valid only as a modifier for object type attributes', 'optional(string)'],
    ['tuple(string)', 'requires a list of element types', 'string'],
    ['object([string])', 'requires a map', '[string]'],
    ['"string"', 'primitive type keyword', '"string"'],
    ['map(string, number)', 'requires exactly one argument', 'map(string, number)'],
  ];
  it.each(invalid)('%s is rejected at its fault', (source, message, at) => {
    const parsed = parseTypeExpr(parseExpr(source));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(message);
    expect(parsed.range).toEqual(rangeOf(source, at));
  });
});

describe('convertValue (cty conversion rules)', () => {
  const ok: Array<[unknown, HclType, unknown]> = [
    ['3', T.number, 3],
    ['-1.5e2', T.number, -150],
    [3, T.string, '3'],
    [true, T.string, 'true'],
    ['false', T.bool, false],
    [null, T.number, null],
    [[1, '2'], T.list(T.number), [1, 2]],
    [[1, 'a'], T.list(T.any), ['1', 'a']],
    [['b', 'a', 'b'], T.set(T.string), ['a', 'b']],
    [{ a: 1 }, T.map(T.string), { a: '1' }],
    [[1, 'x'], T.tuple([T.string, T.string]), ['1', 'x']],
    [{ a: '1', extra: true }, T.object({ a: T.number }), { a: 1 }],
    [{ a: 1 }, T.object({ a: T.number, b: T.string }, ['b']), { a: 1, b: null }],
    [{ x: [1] }, T.any, { x: [1] }],
  ];
  it.each(ok)('%j to %j', (value, type, expected) => {
    expect(convertValue(value as never, type)).toEqual({ ok: true, value: expected });
  });

  it('passes UNKNOWN through for every type', () => {
    for (const type of [T.string, T.list(T.number), T.object({ a: T.bool })]) {
      expect(convertValue(UNKNOWN, type)).toEqual({ ok: true, value: UNKNOWN });
    }
  });

  const bad: Array<[unknown, HclType, string]> = [
    ['x', T.number, 'a number is required'],
    ['1 ', T.number, 'a number is required'],
    ['yes', T.bool, 'a bool is required'],
    [[1], T.string, 'string required'],
    [{ a: 1 }, T.string, 'string required'],
    ['a', T.list(T.string), 'list of string required'],
    [[1, 'a'], T.list(T.number), 'element 1: a number is required'],
    [[1, true], T.list(T.any), 'all elements must have the same type'],
    [[1], T.map(T.number), 'map of number required'],
    [{ a: 'x' }, T.map(T.number), 'element "a": a number is required'],
    [[1], T.tuple([T.number, T.number]), 'tuple required with exactly 2 elements'],
    [{}, T.object({ b: T.string }), 'attribute "b" is required'],
    [{ b: [] }, T.object({ b: T.string }), 'attribute "b": string required'],
    [[1], T.object({}), 'object required'],
  ];
  it.each(bad)('%j to %j fails', (value, type, message) => {
    expect(convertValue(value as never, type)).toEqual({ ok: false, message });
  });
});
