/**
 * No false errors: valid templates of every kind — chroot, amazon-chroot,
 * azure-chroot; HCL and legacy JSON; a multi-file directory with an
 * auto var file — give no error. The amazon ones are also accepted by
 * `packer validate` itself (azure's Prepare needs Azure's metadata service,
 * so Packer cannot validate those offline).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../cli/load-configuration.js';
import { planBuilds } from '../../template/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const dir = join(import.meta.dirname, '../fixtures/valid');
const TEMPLATES = [
  'chroot.pkr.hcl',
  'chroot.pkr.json',
  'chroot.json',
  'amazon.pkr.hcl',
  'amazon.json',
  'azure.pkr.hcl',
  'azure.json',
  'multi',
];

describe('valid templates give no errors', () => {
  for (const name of TEMPLATES) {
    it(name, async () => {
      const analysis = await loadConfiguration(join(dir, name), { vars: [], varFiles: [], env: { HOME: '/root' } });
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(analysis.config.sources.length).toBeGreaterThan(0);
    });
  }
  it('the multi-file directory is one configuration (sources, variables and builds across files)', async () => {
    const analysis = await loadConfiguration(join(dir, 'multi'), { vars: [], varFiles: [], env: {} });
    expect(analysis.config.files.map((f) => f.path.split('/').pop())).toEqual([
      'build.pkr.hcl',
      'sources.pkr.hcl',
      'variables.pkr.hcl',
    ]);
    expect(analysis.evaluation.variables.get('size')?.value).toBe('512M');
    expect(analysis.evaluation.locals.get('name')).toBe('multi-512M');
  });
});

describe('HCL2 in JSON syntax is the same configuration', () => {
  it('chroot.pkr.json, a transcription of chroot.pkr.hcl, gives the runner the same build plan', async () => {
    const plans = async (name: string) => {
      const analysis = await loadConfiguration(join(dir, name), { vars: [], varFiles: [], env: {} });
      return planBuilds(analysis, { templateDir: dir });
    };
    const [hcl, json] = [await plans('chroot.pkr.hcl'), await plans('chroot.pkr.json')];
    expect(hcl).toHaveLength(1);
    // The build's provisioners and every source field, evaluated and rendered where their data exists.
    expect(JSON.stringify(json).replaceAll('chroot.pkr.json', 'chroot.pkr.hcl')).toBe(JSON.stringify(hcl));
  });
});

const noPacker = missing.tool('packer');
describe.skipIf(noPacker)(`packer validate accepts the same amazon templates${skipNote(noPacker)}`, () => {
  for (const name of ['amazon.pkr.hcl', 'amazon.json']) {
    it(name, () => {
      // Throws (failing the test) when packer exits non-zero.
      execFileSync('packer', ['validate', name], { cwd: dir, stdio: 'pipe', timeout: 60_000 });
    });
  }
});

describe('recognising a legacy JSON template by content', async () => {
  const { isJsonTemplate } = await import('../../template/json/parse-json.js');
  it('needs a top-level builders member', () => {
    expect(isJsonTemplate('{"variables": {}, "builders": []}')).toBe(true);
    expect(isJsonTemplate('{"config": {"builders": []}}')).toBe(false);
    expect(isJsonTemplate('["builders"]')).toBe(false);
    expect(isJsonTemplate('{"name": "x"}')).toBe(false);
  });

  it('reads broken text as a tree would (a template being typed stays one), and only the root object', () => {
    const templates = [
      '{"builders": [',
      '{"builders"}',
      '{"builders" 1}',
      '{"a": 1 "builders": []}',
      '{"a": 1,, "builders": []}',
      '{"a": 1, /* c */ "builders": []}',
      '{"a": {"b": [1, {"c": 2}]}, "builders": 1}',
      '{"a":{"builders":1} "builders":1}',
    ];
    const others = [
      '{"a": {"builders": 1}}',
      '{"a": "builders"}',
      '{"a": ["builders"]}',
      '{"b\\u0075ilders": []}',
      '{} {"builders": 1}',
      '{"a": }, "builders": 1}',
    ];
    for (const text of templates) expect(isJsonTemplate(text), text).toBe(true);
    for (const text of others) expect(isJsonTemplate(text), text).toBe(false);
  });
});
