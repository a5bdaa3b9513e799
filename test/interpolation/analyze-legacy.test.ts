/**
 * End to end through analyze(): a legacy JSON template's `{{ }}` mistakes
 * arrive as diagnostics of the whole engine, at the exact tokens.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../template/analyze.js';
import { rangeOfText } from './helpers.js';

const text = JSON.stringify(
  {
    variables: { name: 'pi', req: null, home: '{{env `HOME`}}' },
    builders: [
      {
        type: 'chroot',
        source_image: '/img/{{user `nam`}}.img',
        mount_path: '/mnt/{{.Devise}}',
        pre_mount_commands: ['echo {{.MountPath}}', 'echo {{env `X`}}'],
        command_wrapper: 'sudo {{.Command}} {{sed `a` `b`}}',
      },
    ],
    provisioners: [{ type: 'shell', inline: ['echo {{user `name`}} {{timestamp 1}}'] }],
  },
  null,
  2,
);

describe('analyze: legacy JSON {{ }} diagnostics', () => {
  const analysis = analyze({
    files: [{ path: '/t/template.json', text }],
    inputs: { vars: [], varFiles: [], env: { HOME: '/root' }, cwd: '/t', templateDir: '/t' },
  });
  const byCode = (code: string) => analysis.diagnostics.filter((d) => d.code === code);

  it.each([
    ['missing-variable-value', '"req"'],
    ['undefined-user-variable', '`nam`'],
    ['unknown-template-data', '.Devise'],
    ['template-data-not-allowed', '.MountPath'],
    ['env-outside-variables', 'env', 1],
    ['deprecated-function', 'sed'],
    ['function-arity', 'timestamp'],
  ] as Array<[string, string, number?]>)('%s at %s', (code, marked, nth = 0) => {
    const found = byCode(code);
    expect(found).toHaveLength(1);
    expect(found[0]!.range).toEqual(rangeOfText(text, marked, nth));
  });

  it('evaluates variables with env', () => {
    expect(analysis.evaluation.variables.get('home')?.value).toBe('/root');
  });
});
