import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { codes, evaluateFiles, evaluateText, range, setup } from './helpers.js';

beforeAll(setup);

describe('locals', () => {
  it('evaluates locals that refer to later locals (dependency order, not text order)', () => {
    const evaluation = evaluateText(
      'locals {\n  full = "${local.base}-${local.ver}"\n  base = upper(var.name)\n  ver  = 2\n}\nvariable "name" {\n  default = "deb"\n}\n',
    );
    expect(evaluation.locals.get('full')).toBe('DEB-2');
    expect(evaluation.diagnostics).toEqual([]);
    const order = [...evaluation.locals.keys()];
    expect(order.indexOf('base')).toBeLessThan(order.indexOf('full'));
    expect(order.indexOf('ver')).toBeLessThan(order.indexOf('full'));
  });
  it('reads locals across the files of a directory, and local blocks', () => {
    const evaluation = evaluateFiles({
      '/t/a.pkr.hcl': 'locals {\n  a = "${local.b}!"\n}\n',
      '/t/b.pkr.hcl': 'local "b" {\n  expression = "bee"\n}\n',
    });
    expect(evaluation.locals.get('a')).toBe('bee!');
  });
  it('reports every local of a cycle at its name, and makes them unknown', () => {
    const evaluation = evaluateText('locals {\n  a = local.b\n  b = "${local.c}x"\n  c = local.a\n  d = 1\n}\n');
    expect(codes(evaluation.diagnostics)).toEqual(['local-cycle', 'local-cycle', 'local-cycle']);
    expect(evaluation.diagnostics.map((d) => d.range)).toEqual([range(1, 2, 3), range(2, 2, 3), range(3, 2, 3)]);
    expect(evaluation.diagnostics[0]!.message).toContain('local.a → local.b → local.c → local.a');
    for (const name of ['a', 'b', 'c']) expect(isUnknown(evaluation.locals.get(name)!)).toBe(true);
    expect(evaluation.locals.get('d')).toBe(1);
  });
  it('reports a local that refers to itself', () => {
    const evaluation = evaluateText('locals {\n  a = [local.a]\n}\n');
    expect(evaluation.diagnostics).toEqual([expect.objectContaining({ code: 'local-cycle', range: range(1, 2, 3) })]);
  });
  it('a local depending on a cycle is unknown without a second report', () => {
    const evaluation = evaluateText('locals {\n  a = local.b\n  b = local.a\n  c = "${local.a}-x"\n}\n');
    expect(codes(evaluation.diagnostics)).toEqual(['local-cycle', 'local-cycle']);
    expect(isUnknown(evaluation.locals.get('c')!)).toBe(true);
  });
  it('a local with a function error is unknown, reported at the argument', () => {
    const evaluation = evaluateText('locals {\n  n = tonumber("x")\n}\n');
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ code: 'function-error', range: range(1, 15, 18) }),
    ]);
    expect(isUnknown(evaluation.locals.get('n')!)).toBe(true);
  });
  it('locals may use for expressions over variables', () => {
    const evaluation = evaluateText(
      'variable "pkgs" {\n  default = ["vim", "curl"]\n}\nlocals {\n  cmds = [for p in var.pkgs : "apt-get install -y ${p}"]\n  by_name = {for i, p in var.pkgs : p => i}\n}\n',
    );
    expect(evaluation.locals.get('cmds')).toEqual(['apt-get install -y vim', 'apt-get install -y curl']);
    expect(evaluation.locals.get('by_name')).toEqual({ vim: 0, curl: 1 });
  });
});
