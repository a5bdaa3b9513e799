/**
 * What an expression may read where it stands, as Packer 1.12 builds its
 * eval contexts: `env()` in a variable default and only there, `data.T.N.x`
 * (unknown until Packer runs the data source), `packer.version`, iterators of
 * `dynamic` blocks, and nothing but literals in the `packer` block.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import {
  codes,
  evalExpr,
  evaluateText,
  range,
  setup,
  valueOfSource as valueWithoutDiagnostics,
  varFile,
} from './helpers.js';

beforeAll(setup);

describe('env() (hcl2template decodeInputVariables: a default sees env and nothing else)', () => {
  it('reads the environment in a variable default, "" when unset', () => {
    const evaluation = evaluateText(
      'variable "region" {\n  default = env("AWS_REGION")\n}\nvariable "none" {\n  default = env("NOPE")\n}\n',
      { env: { AWS_REGION: 'eu-west-1' } },
    );
    expect(evaluation.diagnostics).toEqual([]);
    expect(evaluation.variables.get('region')!.value).toBe('eu-west-1');
    expect(evaluation.variables.get('none')!.value).toBe('');
  });
  it('works inside an expression of the default and converts to the declared type', () => {
    const evaluation = evaluateText(
      'variable "n" {\n  type    = number\n  default = env("N") == "" ? 2 : env("N")\n}\n',
      { env: { N: '5' } },
    );
    expect(evaluation.diagnostics).toEqual([]);
    expect(evaluation.variables.get('n')!.value).toBe(5);
  });
  it('is the only function a default may call', () => {
    const evaluation = evaluateText('variable "a" {\n  default = lower(env("X"))\n}\n');
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'function-not-allowed', range: range(1, 12, 17) }),
    ]);
    expect(evaluation.diagnostics[0]!.message).toContain('only env() may be called there');
  });
  it('is not available in a var file, a local or a source: Packer’s "unknown function" there', () => {
    const file = varFile('/t/v.pkrvars.hcl', 'a = env("HOME")\n');
    const fromFile = evaluateText('variable "a" {}\n', { varFiles: [file] });
    expect(fromFile.diagnostics).toEqual([
      expect.objectContaining({ file: '/t/v.pkrvars.hcl', code: 'function-not-allowed' }),
    ]);
    const inLocal = evaluateText('locals {\n  home = env("HOME")\n}\n');
    expect(inLocal.diagnostics).toEqual([
      expect.objectContaining({ code: 'unknown-function', range: range(1, 9, 12) }),
    ]);
    expect(inLocal.diagnostics[0]!.message).toMatch(/^Call to unknown function: there is no function named "env"\./);
    expect(inLocal.diagnostics[0]!.message).toContain('default = env(');
  });
});

describe('data sources', () => {
  const declarations = 'data "amazon-ami" "base" {\n  owners = ["self"]\n}\n';
  it('give unknown values, whatever the attribute, without a diagnostic', () => {
    expect(isUnknown(valueWithoutDiagnostics('data.amazon-ami.base.id', { declarations }))).toBe(true);
    expect(isUnknown(valueWithoutDiagnostics('data.amazon-ami.base.tags["x"]', { declarations }))).toBe(true);
    expect(isUnknown(valueWithoutDiagnostics('"ami-${data.amazon-ami.base.id}"', { declarations }))).toBe(true);
    expect(isUnknown(valueWithoutDiagnostics('upper(data.amazon-ami.base.id)', { declarations }))).toBe(true);
  });
  it('may be read by locals', () => {
    const evaluation = evaluateText(`${declarations}locals {\n  ami = data.amazon-ami.base.id\n}\n`);
    expect(evaluation.diagnostics).toEqual([]);
    expect(isUnknown(evaluation.locals.get('ami'))).toBe(true);
  });
  it('report a reference to an undeclared one at type and name, with a did-you-mean', () => {
    const { diagnostics } = evalExpr('data.amazon-ami.bse.id', { declarations });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'undefined-data-source', range: range(0, 4, 23) })]);
    expect(diagnostics[0]!.message).toContain('Did you mean "data.amazon-ami.base"?');
  });
  it('may not be read by a variable default', () => {
    const evaluation = evaluateText(`${declarations}variable "v" {\n  default = data.amazon-ami.base.id\n}\n`);
    expect(codes(evaluation.diagnostics)).toEqual(['invalid-reference']);
  });
});

describe('packer.version', () => {
  it('is known to the running Packer only', () => {
    expect(isUnknown(valueWithoutDiagnostics('packer.version'))).toBe(true);
  });
  it('has the attributes Packer gives it', () => {
    expect(codes(evalExpr('packer.verison').diagnostics)).toEqual(['invalid-reference']);
  });
});

describe('iterators of dynamic blocks', () => {
  it('are in scope where the context gives them', () => {
    const iterators = { tag: { key: 0, value: { name: 'a' } } };
    expect(valueWithoutDiagnostics('tag.value.name', { context: { kind: 'source', iterators } })).toBe('a');
  });
});
