import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { codes, evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const values: Array<[string, unknown]> = [
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['"2" * 3', 6],
  ['7 % 3', 1],
  ['1 / 0', Infinity],
  ['-(2)', -2],
  ['!true', false],
  ['1 == 1', true],
  ['1 == "1"', false],
  ['[1, {a = 2}] == [1, {a = 2}]', true],
  ['{a = 1} != {a = 2}', true],
  ['2 >= 2 && 1 < 2', true],
  ['false || !false', true],
  ['true ? "a" : "b"', 'a'],
  ['1 > 2 ? "a" : "b"', 'b'],
  ['true ? 1 : "a"', '1'],
  ['false ? "a" : true', 'true'],
  ['true ? [1] : ["a"]', ['1']],
  ['true ? {a = 1} : {b = "x"}', { a: '1' }],
  ['false ? null : 3', 3],
  ['true ? [1] : [2]', [1]],
  ['"plain"', 'plain'],
  ['"${1 + 1}"', 2],
  ['"n=${1 + 1}"', 'n=2'],
  ['"${true} ${1.5}"', 'true 1.5'],
  ['"{{.Device}} ${"x"} {{ .MountPath }}"', '{{.Device}} x {{ .MountPath }}'],
  ['"$${literal} %%{x}"', '${literal} %{x}'],
  ['[1, "a", [true]]', [1, 'a', [true]]],
  ['{a = 1, "b c" = 2}', { a: 1, 'b c': 2 }],
  ['{for k, v in {a = 1, b = 2} : v => k}', { '1': 'a', '2': 'b' }],
  ['[for x in [1, 2, 3] : x * 2 if x != 2]', [2, 6]],
  ['{for x in ["a", "b", "a"] : x => x...}', { a: ['a', 'a'], b: ['b'] }],
  ['[for i, x in ["a", "b"] : "${i}${x}"]', ['0a', '1b']],
  ['[{n = 1}, {n = 2}][*].n', [1, 2]],
  ['{n = 1}[*].n', [1]],
  ['[[1, 2], [3]][1][0]', 3],
  ['{a = {b = "c"}}.a.b', 'c'],
  ['{a = 1}["a"]', 1],
  ['[1, 2, 3]["1"]', 2],
];

describe('expressions', () => {
  it.each(values)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

const faults: Array<[string, string, string]> = [
  ['1 + "a"', 'right operand: a number is required', '"a"'],
  ['true + 1', 'left operand: a number is required', 'true'],
  ['!"x"', 'a bool is required', '"x"'],
  ['1 && true', 'left operand: a bool is required', '1'],
  ['5 % 0', 'can not divide by zero', '0'],
  ['"a" ? 1 : 2', 'condition expression must be a bool', '"a"'],
  ['"x ${[1]}"', 'a list value cannot be included in a string template', '${[1]}'],
  ['"x ${null}"', 'null value cannot be included', '${null}'],
  ['[1][5]', 'index 5, length 1', '5'],
  ['[1]["a"]', 'a whole number is required', '"a"'],
  ['{a = 1}["b"]', 'no element "b"', '"b"'],
  ['null[0]', 'Attempt to index null value', '0'],
  ['"s"[0]', 'does not have any indices', '0'],
  ['{a = 1}.b', 'does not have an attribute named "b"', 'b'],
  ['[for x in 1 : x]', 'a number cannot be iterated', '1'],
  ['[for x in [1] : x if x]', 'filter expression must be a bool', 'x#2'],
  ['{for x in ["a", "a"] : x => 1}', 'Duplicate object key "a"', 'x#1'],
  ['{[1] = 2}', 'a string is required as an object key', '[1]'],
  ['true ? 1 : false', 'Inconsistent conditional result types', 'true ? 1 : false'],
];

describe('expression faults', () => {
  it.each(faults)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('invalid-expression');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});

describe('function call diagnostics', () => {
  it('unknown-function marks the name and suggests', () => {
    const source = 'uper("x")';
    const d = onlyDiagnostic(source);
    expect(d).toMatchObject({ code: 'unknown-function', range: rangeOf(source, 'uper') });
    expect(d.data?.suggestions).toContain('upper');
  });
  it('function-arity marks the name when arguments are missing', () => {
    const source = 'join(",")';
    const d = onlyDiagnostic(source);
    expect(d).toMatchObject({ code: 'function-error' });
    const missing = onlyDiagnostic('replace("a", "b")');
    expect(missing).toMatchObject({ code: 'function-arity', range: rangeOf('replace("a", "b")', 'replace') });
    expect(missing.message).toContain('Missing value for "replace"');
  });
  it('function-arity marks the first extra argument', () => {
    const source = 'upper("a", "b", "c")';
    expect(onlyDiagnostic(source)).toMatchObject({ code: 'function-arity', range: rangeOf(source, '"b"') });
  });
  it('expands a list argument with ...', () => {
    expect(valueOfSource('format("%s-%s", ["a", "b"]...)')).toBe('a-b');
    const source = 'max("x"...)';
    expect(onlyDiagnostic(source)).toMatchObject({ code: 'function-error', range: rangeOf(source, '"x"') });
  });
});

describe('conditionals', () => {
  it('does not report function failures in the branch not taken', () => {
    expect(evalExpr('true ? "ok" : tonumber("x")').diagnostics).toEqual([]);
  });
  it('still reports misspelt names in the branch not taken', () => {
    const source = 'true ? "ok" : var.nope';
    expect(codes(evalExpr(source).diagnostics)).toEqual(['undefined-variable']);
    expect(codes(evalExpr('false ? uper("x") : 1').diagnostics)).toEqual(['unknown-function']);
  });
  it('an unknown condition gives an unknown result, checking both branches for names', () => {
    const result = evalExpr('var.v ? local.nope : "b"', { declarations: 'variable "v" {\n  type = bool\n}\n' });
    expect(isUnknown(result.value)).toBe(true);
    expect(codes(result.diagnostics)).toEqual(['undefined-local']);
  });
});

describe('evaluation budget', () => {
  it('stops an evaluation that would take millions of steps, once, with a warning', () => {
    const source = '[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]';
    const started = Date.now();
    const { value, diagnostics } = evalExpr(source);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(isUnknown(value)).toBe(true);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid-expression', severity: 'warning' })]);
    expect(diagnostics[0]!.message).toContain('Evaluation stopped');
  });
  it('lets ordinary large expressions finish', () => {
    expect((valueOfSource('[for a in range(100) : [for b in range(100) : a * b]]') as unknown[]).length).toBe(100);
  });
});
