import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOf } from './helpers.js';

beforeAll(setup);

const cases: Array<[string, unknown]> = [
  ['tobool("true")', true],
  ['tobool(false)', false],
  ['tobool(null)', null],
  ['tolist(["a", 1])', ['a', '1']],
  ['tolist([1, 2])', [1, 2]],
  ['tomap({a = 1, b = "x"})', { a: '1', b: 'x' }],
  ['tonumber("3")', 3],
  ['tonumber("-1.5")', -1.5],
  ['tonumber(4)', 4],
  ['toset(["b", "a", "b"])', ['a', 'b']],
  ['toset([3, 1, 3])', [1, 3]],
  ['tostring(1.5)', '1.5'],
  ['tostring(true)', 'true'],
  ['tostring(null)', null],
  ['can(var.nope)', false],
  ['can(tonumber("x"))', false],
  ['can(tonumber("1"))', true],
  ['can(regex("[", "x"))', false],
  ['try(tonumber("x"), 2)', 2],
  ['try(1 / 0, 2)', Infinity],
  ['try(local.nope, var.also_nope, "fallback")', 'fallback'],
  ['try({a = 1}.b, "no b")', 'no b'],
];

describe('conversion functions, can and try', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOf(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string]> = [
  ['tonumber("x")', 'cannot convert "x" (string) to number: a number is required', '"x"'],
  ['tobool("yes")', 'cannot convert "yes" (string) to bool: a bool is required', '"yes"'],
  ['tostring([1])', 'cannot convert [1] (list) to string: string required', '[1]'],
  ['tolist("a")', 'list of any value required', '"a"'],
  ['tomap([1])', 'map of any value required', '[1]'],
  ['try(tonumber("x"), tobool("y"))', 'no expression succeeded', 'try(tonumber("x"), tobool("y"))'],
];

describe('conversion function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});

describe('can and try with values not known yet', () => {
  it('can(x) is unknown when x cannot be known before the build', () => {
    expect(isUnknown(evalExpr('can(var.v)', { declarations: 'variable "v" {\n  type = string\n}\n' }).value)).toBe(true);
  });
  it('try returns unknown rather than skipping an argument that is not known yet', () => {
    expect(isUnknown(evalExpr('try(var.v, "x")', { declarations: 'variable "v" {\n  type = string\n}\n' }).value)).toBe(true);
  });
  it('try reports nothing for the failing arguments it skips', () => {
    expect(evalExpr('try(upper([1]), "ok")').diagnostics).toEqual([]);
  });
});
