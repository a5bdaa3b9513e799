import { describe, expect, it } from 'vitest';
import { arityOf, signatureOf, TEMPLATE_FUNCTIONS, templateFunction } from '../../template/interpolation/functions.js';
import { implementationOf } from '../../template/interpolation/render-functions.js';

describe('template function table', () => {
  it("lists every function of Packer's template engine named in the design", () => {
    const packer = [
      'user',
      'env',
      'timestamp',
      'isotime',
      'strftime',
      'uuid',
      'build_name',
      'build_type',
      'template_dir',
      'pwd',
      'split',
      'replace',
      'replace_all',
      'upper',
      'lower',
      'packer_version',
      'build',
      'clean_resource_name',
      'sed',
    ];
    // Each is in the table under its name, as Packer's function (not one of Go's builtins).
    expect(packer.filter((name) => templateFunction(name)?.name !== name)).toEqual([]);
    expect(packer.filter((name) => templateFunction(name)?.builtin === true)).toEqual([]);
  });

  it('has no entry for a name that is not a function (the lookup above can fail)', () => {
    expect(templateFunction('no_such_function')).toBeUndefined();
  });

  it('documents every function and gives each Packer function an HCL equivalent unless removed or a builder’s own', () => {
    for (const fn of TEMPLATE_FUNCTIONS.values()) {
      expect(fn.doc.length, fn.name).toBeGreaterThan(10);
      if (!fn.builtin && !fn.deprecated && fn.scope !== 'fields') expect(fn.hclEquivalent, fn.name).toMatch(/\S/);
    }
  });

  it('has a renderer for every function chrootforge can run (build reads build data in the renderer)', () => {
    const unsupported = new Set(['call', 'index', 'slice', 'build']);
    for (const fn of TEMPLATE_FUNCTIONS.values()) {
      if (!unsupported.has(fn.name)) expect(implementationOf(fn.name), fn.name).toBeTypeOf('function');
    }
  });

  it('states where scoped functions may be used', () => {
    expect(templateFunction('env')!.scope).toBe('variables');
    expect(templateFunction('vault')!.scope).toBe('variables');
    expect(templateFunction('build')!.scope).toBe('provisioners');
    expect(templateFunction('clean_resource_name')!.scope).toBe('fields');
    expect(templateFunction('sed')!.deprecated).toContain('replace');
  });

  it('computes arity from optional and variadic parameters', () => {
    expect(arityOf(templateFunction('timestamp')!)).toEqual({ min: 0, max: 0 });
    expect(arityOf(templateFunction('isotime')!)).toEqual({ min: 0, max: 1 });
    expect(arityOf(templateFunction('replace')!)).toEqual({ min: 4, max: 4 });
    expect(arityOf(templateFunction('printf')!)).toEqual({ min: 1, max: Infinity });
  });

  it('writes signatures for hover and signature help', () => {
    expect(signatureOf(templateFunction('split')!)).toBe('split(text string, separator string, index int)');
    expect(signatureOf(templateFunction('isotime')!)).toBe('isotime(format string?)');
    expect(signatureOf(templateFunction('print')!)).toBe('print(...arg)');
  });
});
