import { beforeAll, describe, expect, it } from 'vitest';
import { buildConfiguration } from '../../template/configuration.js';
import { UNKNOWN, type EvalContext, type EvaluationInputs } from '../../template/evaluation-model.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { evaluateLegacy } from '../../template/interpolation/evaluate-legacy.js';
import { parseJson } from '../../template/json/parse-json.js';
import type { ParsedFile } from '../../template/model.js';
import { rangeOfText } from './helpers.js';

beforeAll(async () => {
  await initHclParser();
});

const now = new Date(Date.UTC(2026, 10, 25, 20, 38, 49));

function inputs(extra: Partial<EvaluationInputs> = {}): EvaluationInputs {
  return {
    vars: [],
    varFiles: [],
    env: { HOME: '/root', ARCH: 'arm64' },
    cwd: '/work',
    templateDir: '/srv/tpl',
    now,
    ...extra,
  };
}

function evaluate(template: object | string, extra: Partial<EvaluationInputs> = {}) {
  const text = typeof template === 'string' ? template : JSON.stringify(template, null, 2);
  const { config } = buildConfiguration([parseJson('/srv/tpl/template.json', text)]);
  return { text, config, evaluation: evaluateLegacy(config, inputs(extra)) };
}

const variableValue = (result: ReturnType<typeof evaluate>, name: string) =>
  result.evaluation.variables.get(name)?.value;
const varFile = (text: string, path = '/srv/tpl/vars.json'): ParsedFile => parseJson(path, text);

describe('evaluateLegacy: user variables', () => {
  it('renders defaults with env and with other variables in any order', () => {
    const r = evaluate({
      variables: {
        image: '{{user `base`}}-{{user `arch`}}.img',
        base: 'debian',
        arch: '{{env `ARCH`}}',
        home: '{{ env `HOME` }}/x',
      },
    });
    expect(variableValue(r, 'image')).toBe('debian-arm64.img');
    expect(variableValue(r, 'home')).toBe('/root/x');
    expect(r.evaluation.diagnostics).toEqual([]);
    expect(r.evaluation.variables.get('base')).toEqual({
      name: 'base',
      value: 'debian',
      origin: 'default',
      sensitive: false,
    });
  });

  it('renders an unset environment variable as empty text', () => {
    expect(variableValue(evaluate({ variables: { x: '[{{env `NOPE`}}]' } }), 'x')).toBe('[]');
  });

  it('lets var files override defaults and -var override both, later -var winning', () => {
    const r = evaluate(
      { variables: { a: 'default', b: 'default', c: 'default' } },
      {
        varFiles: [varFile('{"a": "file", "b": "file"}')],
        vars: [
          ['b', 'cli-1'],
          ['b', 'cli-2'],
        ],
      },
    );
    expect([variableValue(r, 'a'), variableValue(r, 'b'), variableValue(r, 'c')]).toEqual(['file', 'cli-2', 'default']);
    expect(r.evaluation.variables.get('a')!.origin).toBe('var-file');
    expect(r.evaluation.variables.get('b')!.origin).toBe('cli');
  });

  it('renders -var and var-file values as Packer does (env and user work there)', () => {
    const r = evaluate({ variables: { a: 'x', b: '' } }, { vars: [['b', '{{user `a`}}-{{env `HOME`}}']] });
    expect(variableValue(r, 'b')).toBe('x-/root');
  });

  it('reports a required variable (null default) without a value at its name', () => {
    const r = evaluate({ variables: { ssh_password: null, ok: 'y' } });
    expect(r.evaluation.diagnostics.map((d) => d.code)).toEqual(['missing-variable-value']);
    expect(r.evaluation.diagnostics[0]!.range).toEqual(rangeOfText(r.text, '"ssh_password"'));
    expect(r.evaluation.diagnostics[0]!.message).toContain('-var ssh_password=VALUE');
    expect(variableValue(r, 'ssh_password')).toBe(UNKNOWN);
    expect(r.evaluation.variables.get('ssh_password')!.origin).toBe('none');
  });

  it('accepts a required variable given with -var or a var file', () => {
    expect(evaluate({ variables: { p: null } }, { vars: [['p', 'secret']] }).evaluation.diagnostics).toEqual([]);
    expect(evaluate({ variables: { p: null } }, { varFiles: [varFile('{"p": "s"}')] }).evaluation.diagnostics).toEqual(
      [],
    );
  });

  it('reports a reference cycle once instead of looping', () => {
    const r = evaluate({ variables: { c: '{{user `d`}}', d: '{{user `c`}}', e: 'fine' } });
    expect(r.evaluation.diagnostics.map((d) => d.code)).toEqual(['variable-cycle']);
    expect(r.evaluation.diagnostics[0]!.message).toContain('c → d → c');
    expect([variableValue(r, 'c'), variableValue(r, 'd'), variableValue(r, 'e')]).toEqual([UNKNOWN, UNKNOWN, 'fine']);
  });

  it('marks sensitive-variables', () => {
    const r = evaluate({ variables: { password: 'x', user: 'y' }, 'sensitive-variables': ['password'] });
    expect(r.evaluation.variables.get('password')!.sensitive).toBe(true);
    expect(r.evaluation.variables.get('user')!.sensitive).toBe(false);
  });

  it('reports a var-file value that is not a string at the value', () => {
    const file = varFile('{"a": 3, "b": "ok"}');
    const r = evaluate({ variables: { a: 'x', b: 'y' } }, { varFiles: [file] });
    expect(r.evaluation.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['invalid-variable-value', '/srv/tpl/vars.json'],
    ]);
    expect(r.evaluation.diagnostics[0]!.range).toEqual(rangeOfText(file.text, '3'));
    expect([variableValue(r, 'a'), variableValue(r, 'b')]).toEqual(['x', 'ok']);
  });

  it('rejects an HCL var file for a legacy template', () => {
    const hclVars = parseHcl('/srv/tpl/x.pkrvars.hcl', 'a = "1"\n');
    const r = evaluate({ variables: { a: 'x' } }, { varFiles: [hclVars] });
    expect(r.evaluation.diagnostics.map((d) => d.code)).toEqual(['invalid-var-file']);
    expect(variableValue(r, 'a')).toBe('x');
  });

  it('reports a default that fails to render at the action, and leaves static mistakes to the checker', () => {
    const r = evaluate({
      variables: { s: 'x-{{split `a,b` `,` 7}}', t: '{{ user `undeclared` }}', u: '{{ vault `p` `k` }}' },
    });
    expect(r.evaluation.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['variable-render-error', 'error'],
      ['variable-render-error', 'warning'],
    ]);
    expect(r.evaluation.diagnostics[0]!.range).toEqual(rangeOfText(r.text, '{{split `a,b` `,` 7}}'));
    expect([variableValue(r, 's'), variableValue(r, 't'), variableValue(r, 'u')]).toEqual([UNKNOWN, UNKNOWN, UNKNOWN]);
  });

  it('keeps non-string defaults unknown (the schema reports them)', () => {
    expect(variableValue(evaluate({ variables: { n: 5 } }), 'n')).toBe(UNKNOWN);
  });
});

describe('evaluateLegacy: evaluate()', () => {
  const template = {
    variables: { name: 'pi', required: null },
    builders: [
      {
        type: 'chroot',
        mount_path: '/mnt/{{user `name`}}/{{.Device}}',
        image_name: '{{build_name}}-{{build_type}}-{{timestamp}}-{{isotime `2006`}}',
        copy_files: ['/etc/{{user `name`}}', 1, true, null],
        chroot_env: { HOME: '{{template_dir}}' },
        broken: '{{user `required`}}',
        home: '{{env `HOME`}}',
      },
    ],
  };
  const r = evaluate(template);
  const source = r.config.sources[0]!;
  const field = (name: string) => source.body.attributes.find((a) => a.name === name)!.value;
  const context: EvalContext = {
    file: '/srv/tpl/template.json',
    kind: 'source',
    source: { type: 'chroot', name: 'chroot' },
  };

  it('renders functions and keeps build-time data as written', () => {
    expect(r.evaluation.evaluate(field('mount_path'), context)).toBe('/mnt/pi/{{.Device}}');
  });
  it('renders build_name, build_type and the fixed clock', () => {
    expect(r.evaluation.evaluate(field('image_name'), context)).toBe(
      `chroot-chroot-${Math.floor(now.getTime() / 1000)}-2026`,
    );
  });
  it('turns tuples, objects and literals into plain values', () => {
    expect(r.evaluation.evaluate(field('copy_files'), context)).toEqual(['/etc/pi', 1, true, null]);
    expect(r.evaluation.evaluate(field('chroot_env'), context)).toEqual({ HOME: '/srv/tpl' });
  });
  it('gives UNKNOWN when a string cannot be rendered', () => {
    expect(r.evaluation.evaluate(field('broken'), context)).toBe(UNKNOWN);
    expect(r.evaluation.evaluate(field('home'), context)).toBe(UNKNOWN);
    expect(r.evaluation.evaluate(field('image_name'), { file: context.file, kind: 'provisioner' })).toBe(UNKNOWN);
  });
  it('allows env when evaluating in a variable context', () => {
    expect(r.evaluation.evaluate(field('home'), { file: context.file, kind: 'variable' })).toBe('/root');
  });
  it('has no locals', () => {
    expect(r.evaluation.locals.size).toBe(0);
  });
});
