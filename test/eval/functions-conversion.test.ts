import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

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
  ['convert([1, "a"], list(string))', ['1', 'a']],
  ['convert({a = 1}, map(string))', { a: '1' }],
  ['convert(["b", "a", "b"], set(string))', ['a', 'b']],
  ['convert([1, "2"], tuple([string, number]))', ['1', 2]],
  ['convert({a = 1, b = true}, object({a = string}))', { a: '1' }],
  ['convert({a = 1}, object({a = string, b = optional(number)}))', { a: '1', b: null }],
  ['convert({a = [1]}, map(list(string)))', { a: ['1'] }],
  ['convert("true", (bool))', true],
  ['convert([1, "a"], any)', [1, 'a']],
  ['convert(null, string)', null],
  ['can(convert("x", number))', false],
];

describe('conversion functions, can and try', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string]> = [
  ['tonumber("x")', 'cannot convert "x" (string) to number: a number is required', '"x"'],
  ['tobool("yes")', 'cannot convert "yes" (string) to bool: a bool is required', '"yes"'],
  ['tostring([1])', 'cannot convert [1] (list) to string: string required', '[1]'],
  ['tolist("a")', 'list of any value required', '"a"'],
  ['tomap([1])', 'map of any value required', '[1]'],
  ['try(tonumber("x"), tobool("y"))', 'no expression succeeded', 'try(tonumber("x"), tobool("y"))'],
  ['convert("x", number)', 'convert: Invalid value for "value" parameter: a number is required', '"x"'],
  ['convert([1], string)', 'Invalid value for "value" parameter: string required', '[1]'],
  [
    'convert({a = 1}, object({b = string}))',
    'Invalid value for "value" parameter: attribute "b" is required',
    '{a = 1}',
  ],
  [
    'convert(["a"], tuple([string, number]))',
    'Invalid value for "value" parameter: tuple required with exactly 2 elements',
    '["a"]',
  ],
];

describe('conversion function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});

describe('convert reads its second argument as a type', () => {
  it.each([
    ['convert(1, foo)', 'The keyword "foo" is not a valid type specification.', 'foo'],
    ['convert(1, list)', 'The list type constructor requires one argument specifying the element type.', 'list'],
    ['convert(1, "string")', 'A type specification is either a primitive type keyword', '"string"'],
    ['convert(1, 1 + 1)', 'A type specification is either a primitive type keyword', '1 + 1'],
  ])('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('invalid-type-constraint');
    expect(d.message.startsWith(`Invalid type specification: ${message}`)).toBe(true);
    expect(d.range).toEqual(rangeOf(source, at));
  });

  it('does not evaluate the type: its keywords are no references', () => {
    expect(evalExpr('convert(["a"], list(string))').diagnostics).toEqual([]);
  });

  it('is unknown for a value not known yet, and checks the arguments first', () => {
    expect(
      isUnknown(
        evalExpr('convert(var.v, list(string))', { declarations: 'variable "v" {\n  type = string\n}\n' }).value,
      ),
    ).toBe(true);
    expect(onlyDiagnostic('convert(1)').code).toBe('function-arity');
  });
});

describe('can and try with values not known yet', () => {
  it('can(x) is unknown when x cannot be known before the build', () => {
    expect(isUnknown(evalExpr('can(var.v)', { declarations: 'variable "v" {\n  type = string\n}\n' }).value)).toBe(
      true,
    );
  });
  it('try returns unknown rather than skipping an argument that is not known yet', () => {
    expect(isUnknown(evalExpr('try(var.v, "x")', { declarations: 'variable "v" {\n  type = string\n}\n' }).value)).toBe(
      true,
    );
  });
  it('try reports nothing for the failing arguments it skips', () => {
    expect(evalExpr('try(upper([1]), "ok")').diagnostics).toEqual([]);
  });
});
