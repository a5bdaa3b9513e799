import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { codes, evalExpr, evaluateText, onlyDiagnostic, parseExpr, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const decls =
  'variable "name" {\n  default = "img"\n}\nvariable "cfg" {\n  default = {disk = {size = 4}, tags = ["a", "b"]}\n}\nlocals {\n  suffix = "x"\n}\n';

describe('references in scope', () => {
  it('reads variables and locals, and steps inside them', () => {
    expect(valueOfSource('"${var.name}-${local.suffix}"', { declarations: decls })).toBe('img-x');
    expect(valueOfSource('var.cfg.disk.size', { declarations: decls })).toBe(4);
    expect(valueOfSource('var.cfg.tags[1]', { declarations: decls })).toBe('b');
    expect(valueOfSource('var.cfg["disk"]["size"]', { declarations: decls })).toBe(4);
  });
  it('path.root is the template directory and path.cwd the working directory', () => {
    expect(valueOfSource('path.root')).toBe('/t');
    expect(valueOfSource('path.cwd')).toBe('/work/dir');
  });
  it('source.name and source.type name the source being built', () => {
    const context = { kind: 'provisioner' as const, source: { type: 'chroot', name: 'base' } };
    expect(valueOfSource('"${source.type}.${source.name}"', { context })).toBe('chroot.base');
    expect(valueOfSource('source.name', { context: { kind: 'source', source: { type: 'chroot', name: 'x' } } })).toBe(
      'x',
    );
  });
  it('source.name is unknown (not an error) in a build without a chosen source', () => {
    const result = evalExpr('source.name', { context: { kind: 'build' } });
    expect(isUnknown(result.value)).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('build.X becomes Go-template text in provisioners and post-processors', () => {
  for (const kind of ['provisioner', 'post-processor'] as const) {
    it(`in a ${kind}`, () => {
      expect(valueOfSource('build.MountPath', { context: { kind } })).toBe('{{.MountPath}}');
      expect(
        valueOfSource('"cp x ${build.MountPath}/etc on ${build.Device} ({{.Device}})"', { context: { kind } }),
      ).toBe('cp x {{.MountPath}}/etc on {{.Device}} ({{.Device}})');
      expect(valueOfSource('build.PackerRunUUID', { context: { kind } })).toBe('{{.PackerRunUUID}}');
      expect(valueOfSource('build.name', { context: { kind } })).toBe('{{.name}}');
    });
  }
  it('is an invalid reference in a source, marking the whole reference', () => {
    const source = 'build.ID';
    const d = onlyDiagnostic(source, { context: { kind: 'source' } });
    expect(d).toMatchObject({ code: 'invalid-reference', range: rangeOf(source, 'build.ID') });
    expect(d.message).toContain('provisioner or post-processor');
  });
  it('an unknown build attribute gets a did-you-mean', () => {
    const source = 'build.MountPth';
    const d = onlyDiagnostic(source, { context: { kind: 'provisioner' } });
    expect(d).toMatchObject({ code: 'invalid-reference', range: rangeOf(source, 'MountPth') });
    expect(d.data?.suggestions).toEqual(['MountPath']);
  });
});

describe('reference diagnostics, with exact ranges', () => {
  it('undefined-variable marks the attribute name and suggests', () => {
    const source = 'upper(var.nmae)';
    const d = onlyDiagnostic(source, { declarations: decls });
    expect(d).toMatchObject({ code: 'undefined-variable', range: rangeOf(source, 'nmae'), file: '/t/expr.pkr.hcl' });
    expect(d.data?.suggestions).toEqual(['name']);
    expect(d.message).toContain('Did you mean "name"?');
  });
  it('undefined-local marks the attribute name and suggests', () => {
    const source = 'local.sufix';
    const d = onlyDiagnostic(source, { declarations: decls });
    expect(d).toMatchObject({ code: 'undefined-local', range: rangeOf(source, 'sufix') });
    expect(d.data?.suggestions).toEqual(['suffix']);
  });
  it('a name far from every declared one has no suggestion', () => {
    const d = onlyDiagnostic('var.zzzzzzzz', { declarations: decls });
    expect(d.data).toBeUndefined();
  });
  it('var alone is an invalid reference', () => {
    expect(onlyDiagnostic('var')).toMatchObject({ code: 'invalid-reference', range: rangeOf('var', 'var') });
    expect(onlyDiagnostic('local')).toMatchObject({ code: 'invalid-reference' });
  });
  it('an unknown root name is an invalid reference marking the name', () => {
    const source = 'vars.name';
    const d = onlyDiagnostic(source);
    expect(d).toMatchObject({ code: 'invalid-reference', range: rangeOf(source, 'vars') });
    expect(d.data?.suggestions).toEqual(['var']);
  });
  it('path and source attributes are checked', () => {
    expect(onlyDiagnostic('path.rot')).toMatchObject({ code: 'invalid-reference', range: rangeOf('path.rot', 'rot') });
    expect(onlyDiagnostic('source.nam', { context: { kind: 'provisioner' } }).data?.suggestions).toEqual(['name']);
  });
  it('source.name outside source and build blocks is invalid where Packer has no source object', () => {
    expect(onlyDiagnostic('source.name', { context: { kind: 'variable' } })).toMatchObject({
      code: 'invalid-reference',
    });
    expect(onlyDiagnostic('source.name', { context: { kind: 'packer' } })).toMatchObject({ code: 'invalid-reference' });
  });
  it('source.name is unknown, not an error, in locals and data sources (Packer 1.12 EvalContext)', () => {
    for (const kind of ['local', 'data'] as const) {
      const result = evalExpr('source.name', { context: { kind } });
      expect(result.diagnostics).toEqual([]);
      expect(isUnknown(result.value)).toBe(true);
    }
  });
  it('an attribute missing from an object value marks the attribute', () => {
    const source = 'var.cfg.disk.sise';
    const d = onlyDiagnostic(source, { declarations: decls });
    expect(d).toMatchObject({ code: 'invalid-expression', range: rangeOf(source, 'sise') });
    expect(d.data?.suggestions).toEqual(['size']);
  });
  it('a diagnostic is reported once even when the expression is evaluated many times', () => {
    const evaluation = evaluateText(decls);
    const expr = parseExpr('var.nope', '/t/p.pkr.hcl');
    for (let i = 0; i < 5; i++) evaluation.evaluate(expr, { file: '/t/p.pkr.hcl', kind: 'provisioner' });
    expect(codes(evaluation.diagnostics)).toEqual(['undefined-variable']);
  });
  it('a misspelt local used by several others is reported once', () => {
    const evaluation = evaluateText('locals {\n  a = local.missing\n}\nlocals {\n  b = local.a\n  c = local.a\n}\n');
    expect(codes(evaluation.diagnostics)).toEqual(['undefined-local']);
  });
});
