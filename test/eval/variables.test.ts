import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { FILE, codes, evaluateFiles, evaluateText, range, setup, varFile } from './helpers.js';

beforeAll(setup);

const declaration = 'variable "x" {\n  type    = string\n  default = "default"\n}\n';

describe('variable value precedence (Packer 1.6.6: default < PKR_VAR_ < *.auto.pkrvars < -var-file < -var)', () => {
  const value = (overrides: Parameters<typeof evaluateText>[1]) =>
    evaluateText(declaration, overrides).variables.get('x');

  it('uses the default when nothing else sets the variable', () => {
    expect(value({})).toMatchObject({ value: 'default', origin: 'default' });
  });
  it('PKR_VAR_ beats the default', () => {
    expect(value({ env: { PKR_VAR_x: 'env' } })).toMatchObject({ value: 'env', origin: 'env' });
  });
  it('an auto var file beats PKR_VAR_', () => {
    const auto = varFile('/t/a.auto.pkrvars.hcl', 'x = "auto"\n');
    expect(value({ env: { PKR_VAR_x: 'env' }, varFiles: [auto] })).toMatchObject({ value: 'auto', origin: 'var-file' });
  });
  it('auto var files are read in lexical order of their names, the last winning', () => {
    const b = varFile('/t/b.auto.pkrvars.hcl', 'x = "b"\n');
    const a = varFile('/t/a.auto.pkrvars.hcl', 'x = "a"\n');
    expect(value({ varFiles: [b, a] })?.value).toBe('b');
  });
  it('a -var-file beats auto var files, whatever the order given', () => {
    const explicit = varFile('/t/f.pkrvars.hcl', 'x = "file"\n');
    const auto = varFile('/t/z.auto.pkrvars.hcl', 'x = "auto"\n');
    expect(value({ varFiles: [explicit, auto] })?.value).toBe('file');
  });
  it('later -var-file files beat earlier ones', () => {
    const one = varFile('/t/one.pkrvars.hcl', 'x = "one"\n');
    const two = varFile('/t/two.pkrvars.hcl', 'x = "two"\n');
    expect(value({ varFiles: [one, two] })?.value).toBe('two');
  });
  it('-var beats every var file', () => {
    const explicit = varFile('/t/f.pkrvars.hcl', 'x = "file"\n');
    expect(value({ varFiles: [explicit], vars: [['x', 'cli']], env: { PKR_VAR_x: 'env' } })).toMatchObject({
      value: 'cli',
      origin: 'cli',
    });
  });
  it('the last of several -var for one name wins', () => {
    expect(
      value({
        vars: [
          ['x', 'one'],
          ['x', 'two'],
        ],
      })?.value,
    ).toBe('two');
  });
  it('auto var files that are part of the configuration are read too', () => {
    const evaluation = evaluateFiles({ [FILE]: declaration, '/t/vals.auto.pkrvars.hcl': 'x = "from dir"\n' });
    expect(evaluation.variables.get('x')?.value).toBe('from dir');
  });
  it('JSON var files give values like HCL ones', async () => {
    const { parseJson } = await import('../../template/json/parse-json.js');
    const json = parseJson('/t/v.pkrvars.json', '{"x": "json"}');
    json.isVarFile = true;
    expect(value({ varFiles: [json] })?.value).toBe('json');
  });
});

describe('variable types and conversion', () => {
  it('converts a string default to the declared number type, as cty does', () => {
    const evaluation = evaluateText('variable "n" {\n  type    = number\n  default = "3"\n}\n');
    expect(evaluation.variables.get('n')?.value).toBe(3);
    expect(evaluation.diagnostics).toEqual([]);
  });
  it('keeps -var text as a string for string, number and untyped variables (numbers converted)', () => {
    const evaluation = evaluateText(
      'variable "s" {\n  type = string\n}\nvariable "n" {\n  type = number\n}\nvariable "u" {}\n',
      {
        vars: [
          ['s', '[1]'],
          ['n', '42'],
          ['u', 'true'],
        ],
      },
    );
    expect(evaluation.variables.get('s')?.value).toBe('[1]');
    expect(evaluation.variables.get('n')?.value).toBe(42);
    expect(evaluation.variables.get('u')?.value).toBe('true');
  });
  it('parses -var and PKR_VAR_ text as HCL for list, map, object and bool types', () => {
    const evaluation = evaluateText(
      'variable "l" {\n  type = list(number)\n}\nvariable "m" {\n  type = map(string)\n}\nvariable "b" {\n  type = bool\n}\nvariable "o" {\n  type = object({a = number, b = optional(string)})\n}\n',
      {
        vars: [
          ['l', '[1, "2"]'],
          ['m', '{a = 1, b = "x"}'],
          ['o', '{a = "5"}'],
        ],
        env: { PKR_VAR_b: 'true' },
      },
    );
    expect(evaluation.variables.get('l')?.value).toEqual([1, 2]);
    expect(evaluation.variables.get('m')?.value).toEqual({ a: '1', b: 'x' });
    expect(evaluation.variables.get('b')?.value).toBe(true);
    expect(evaluation.variables.get('o')?.value).toEqual({ a: 5, b: null });
    expect(evaluation.diagnostics).toEqual([]);
  });
  it('reports a default that does not fit the type at the default value', () => {
    const evaluation = evaluateText('variable "n" {\n  type    = number\n  default = "three"\n}\n');
    expect(evaluation.diagnostics).toHaveLength(1);
    expect(evaluation.diagnostics[0]).toMatchObject({
      code: 'variable-type-mismatch',
      range: range(2, 12, 19),
      severity: 'error',
    });
    expect(evaluation.diagnostics[0]!.message).toContain('a number is required');
    expect(isUnknown(evaluation.variables.get('n')!.value)).toBe(true);
  });
  it('reports a missing object attribute at the default', () => {
    const evaluation = evaluateText(
      'variable "o" {\n  type    = object({a = number, b = string})\n  default = {a = 1}\n}\n',
    );
    expect(evaluation.diagnostics[0]).toMatchObject({ code: 'variable-type-mismatch', range: range(2, 12, 19) });
    expect(evaluation.diagnostics[0]!.message).toContain('attribute "b" is required');
  });
  it('reports a var-file value that does not fit at that value, in the var file', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'n = [1]\n');
    const evaluation = evaluateText('variable "n" {\n  type = number\n}\n', { varFiles: [file] });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ file: '/t/v.pkrvars.hcl', code: 'variable-type-mismatch', range: range(0, 4, 7) }),
    ]);
  });
  it('reports a -var value that does not fit at the declaration', () => {
    const evaluation = evaluateText('variable "l" {\n  type = list(number)\n}\n', { vars: [['l', '[1, "a"]']] });
    expect(evaluation.diagnostics).toHaveLength(1);
    expect(evaluation.diagnostics[0]).toMatchObject({
      file: FILE,
      code: 'variable-type-mismatch',
      range: range(0, 9, 12),
    });
    expect(evaluation.diagnostics[0]!.message).toContain('-var l');
    expect(evaluation.diagnostics[0]!.message).toContain('element 1: a number is required');
  });
  it('reports PKR_VAR_ text that is not HCL for a complex type', () => {
    const evaluation = evaluateText('variable "l" {\n  type = list(string)\n}\n', { env: { PKR_VAR_l: '[unclosed' } });
    expect(evaluation.diagnostics[0]).toMatchObject({ code: 'variable-type-mismatch', range: range(0, 9, 12) });
    expect(evaluation.diagnostics[0]!.message).toContain('PKR_VAR_l');
  });
  it('checks every source against the type, even an overridden default', () => {
    const evaluation = evaluateText('variable "n" {\n  type    = number\n  default = "x"\n}\n', { vars: [['n', '1']] });
    expect(evaluation.variables.get('n')?.value).toBe(1);
    expect(codes(evaluation.diagnostics)).toEqual(['variable-type-mismatch']);
  });
  it('reports an invalid type expression at its fault', () => {
    const evaluation = evaluateText('variable "v" {\n  type = list\n}\n');
    expect(evaluation.diagnostics[0]).toMatchObject({ code: 'invalid-type-constraint', range: range(1, 9, 13) });
  });
  it('a variable default may not call functions, as in Packer', () => {
    const evaluation = evaluateText('variable "a" {\n  default = upper("x")\n}\n');
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'function-not-allowed', range: range(1, 12, 17) }),
    ]);
    expect(isUnknown(evaluation.variables.get('a')!.value)).toBe(true);
  });
  it('a var-file value may not call functions or use path.root', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'a = lower("X")\nb = path.root\n');
    const evaluation = evaluateText('variable "a" {}\nvariable "b" {}\n', { varFiles: [file] });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ file: '/t/v.pkrvars.hcl', code: 'function-not-allowed', range: range(0, 4, 9) }),
      expect.objectContaining({ file: '/t/v.pkrvars.hcl', code: 'invalid-reference', range: range(1, 9, 13) }),
    ]);
  });
  it('a variable default may not refer to other variables', () => {
    const evaluation = evaluateText('variable "a" {\n  default = "x"\n}\nvariable "b" {\n  default = var.a\n}\n');
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-reference', range: range(4, 16, 17) }),
    ]);
  });
});

describe('missing and undeclared values', () => {
  it('reports a variable with neither default nor value at its header, in Packer words', () => {
    const evaluation = evaluateText('variable "x" {\n  type = string\n}\n');
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'missing-variable-value', range: range(0, 0, 14), severity: 'error' }),
    ]);
    expect(evaluation.diagnostics[0]!.message).toContain('Unset variable "x"');
    expect(evaluation.variables.get('x')).toMatchObject({ origin: 'none' });
  });
  it('a null default is a value', () => {
    expect(evaluateText('variable "x" {\n  default = null\n}\n').diagnostics).toEqual([]);
  });
  it('warns at the name of a var-file value for an undeclared variable', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'x = "1"\nundeclared = 2\n');
    const evaluation = evaluateText(declaration, { varFiles: [file] });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({
        file: '/t/v.pkrvars.hcl',
        code: 'undeclared-variable-value',
        severity: 'warning',
        range: range(1, 0, 10),
      }),
    ]);
  });
  it('refuses blocks in a var file at their type, a variable block with its own explanation (packer validate: exit 1)', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'variable "x" {\n  default = "y"\n}\nx = "z"\nlocals {\n  a = 1\n}\n');
    const diagnostics = evaluateText(declaration, { varFiles: [file] }).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character])).toEqual([
      ['var-file-block', 'error', 0, 0],
      ['var-file-block', 'error', 4, 0],
    ]);
    expect(diagnostics[0]!.message).toContain('Move variable "x" to one of them and set it here with x = <value>');
    expect(diagnostics[1]!.message).toContain('Unexpected "locals" block');
  });
  it('rejects a -var for an undeclared variable, as Packer does', () => {
    const evaluation = evaluateText(declaration, {
      vars: [
        ['nope', '1'],
        ['nope', '2'],
      ],
    });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ file: '<command line>', code: 'undeclared-variable-value', severity: 'error' }),
    ]);
  });
  it('ignores PKR_VAR_ for undeclared variables, as Packer does', () => {
    expect(evaluateText(declaration, { env: { PKR_VAR_other: 'x' } }).diagnostics).toEqual([]);
  });
  it('marks sensitive variables', () => {
    expect(
      evaluateText('variable "p" {\n  default   = "s"\n  sensitive = true\n}\n').variables.get('p')?.sensitive,
    ).toBe(true);
  });
});

describe('validation blocks', () => {
  const validated = (defaultValue: string) =>
    `variable "v" {\n  type    = string\n  default = ${defaultValue}\n  validation {\n    condition     = length(var.v) > 3\n    error_message = "The v value must be longer than 3 characters."\n  }\n}\n`;

  it('passes a value that meets the condition', () => {
    expect(evaluateText(validated('"abcd"')).diagnostics).toEqual([]);
  });
  it('reports a failed condition with the error message, at the default', () => {
    const evaluation = evaluateText(validated('"ab"'));
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'variable-validation', range: range(2, 12, 16) }),
    ]);
    expect(evaluation.diagnostics[0]!.message).toContain('The v value must be longer than 3 characters.');
  });
  it('checks the final value: an overriding -var fixes a failing default', () => {
    expect(evaluateText(validated('"ab"'), { vars: [['v', 'long enough']] }).diagnostics).toEqual([]);
  });
  it('reports a failing var-file value in the var file', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'v = "x"\n');
    const evaluation = evaluateText(validated('"abcd"'), { varFiles: [file] });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ file: '/t/v.pkrvars.hcl', code: 'variable-validation', range: range(0, 4, 7) }),
    ]);
  });
  it('reports a failing -var value at the declaration', () => {
    const evaluation = evaluateText(validated('"abcd"'), { vars: [['v', 'x']] });
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ file: FILE, code: 'variable-validation', range: range(0, 9, 12) }),
    ]);
  });
  it('evaluates every validation block', () => {
    const text =
      'variable "n" {\n  type    = number\n  default = 5\n  validation {\n    condition     = var.n < 3\n    error_message = "small"\n  }\n  validation {\n    condition     = var.n % 2 == 0\n    error_message = "even"\n  }\n}\n';
    expect(evaluateText(text).diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('small'),
      expect.stringContaining('even'),
    ]);
  });
  it('a condition may use functions such as can and regex', () => {
    const text =
      'variable "ami" {\n  default = "ami-123"\n  validation {\n    condition     = can(regex("^ami-", var.ami))\n    error_message = "must start with ami-"\n  }\n}\n';
    expect(evaluateText(text).diagnostics).toEqual([]);
  });
  it('a condition may not refer to another variable', () => {
    const text =
      'variable "a" {\n  default = 1\n}\nvariable "b" {\n  default = 1\n  validation {\n    condition     = var.a > 0\n    error_message = "x"\n  }\n}\n';
    expect(evaluateText(text).diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-reference', range: range(6, 24, 25) }),
    ]);
  });
  it('a condition that is not a bool is reported at the condition', () => {
    const text =
      'variable "a" {\n  default = 1\n  validation {\n    condition     = "yes"\n    error_message = "x"\n  }\n}\n';
    expect(evaluateText(text).diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-expression', range: range(3, 20, 25) }),
    ]);
  });
});
