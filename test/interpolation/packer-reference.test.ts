/**
 * Packer 1.6.6 as the reference for which `{{ }}` uses a legacy JSON
 * template may contain: each case is validated by `packer validate` (a
 * null builder with a shell-local provisioner, whose `inline` strings are
 * rendered with no template data) and by the checker, and the verdicts must
 * agree — except where chrootforge is stricter on purpose.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGoTemplate } from '../../template/interpolation/check-go-template.js';
import { parseJson } from '../../template/json/parse-json.js';
import type { Expr, TemplateExpr } from '../../template/model.js';
import { missing, skipNote } from '../support/requirements.js';

const reason = missing.tool('packer');
const dir = mkdtempSync(join(tmpdir(), 'cf-interp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function templateText(inline: string, variables: Record<string, string> = { a: '1' }): string {
  return JSON.stringify(
    {
      variables,
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: [`echo ${inline}`] }],
    },
    null,
    2,
  );
}

function packerAccepts(text: string): boolean {
  const path = join(dir, 'template.json');
  writeFileSync(path, text);
  try {
    execFileSync('packer', ['validate', path], { stdio: 'pipe', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

function item(expr: Expr | undefined, key: string | number): Expr | undefined {
  if (expr?.type === 'object') return expr.items.find((i) => i.keyName === key)?.value;
  if (expr?.type === 'tuple' && typeof key === 'number') return expr.items[key];
  return undefined;
}

/** Whether the checker finds an error in the provisioner's inline string. */
function checkerAccepts(text: string, inVariables = false): { accepts: boolean; codes: string[] } {
  const file = parseJson('/t/template.json', text);
  const root = file.body.attributes;
  const variables = root.find((a) => a.name === 'variables')!.value;
  const expr = inVariables
    ? item(variables, 'v')
    : item(item(item(root.find((a) => a.name === 'provisioners')!.value, 0), 'inline'), 0);
  const names = variables.type === 'object' ? variables.items.map((i) => i.keyName!) : [];
  const diagnostics = checkGoTemplate(expr as TemplateExpr, {
    file: file.path,
    syntax: 'json',
    allowedData: [],
    inVariables,
    inProvisioner: true,
    userVariables: new Set(names),
    field: inVariables ? 'variables.v' : 'inline',
    fieldFunctions: [],
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return { accepts: errors.length === 0, codes: errors.map((d) => d.code) };
}

const provisionerCases: Array<[string, string | undefined]> = [
  ['{{timestamp}} {{isotime}} {{isotime `2006`}} {{strftime `%Y`}} {{uuid}}', undefined],
  ['{{build_name}} {{build_type}} {{template_dir}} {{pwd}} {{packer_version}}', undefined],
  [
    '{{split `a,b` `,` 0}} {{replace `a` `b` 1 `aa`}} {{replace_all `a` `b` `aa`}} {{upper `a`}} {{lower `A`}}',
    undefined,
  ],
  ['{{user `a`}} {{ `x` | upper }} {{ printf `%s` `x` }}', undefined],
  ['{{foo}}', 'unknown-function'],
  ['{{user}}', 'function-arity'],
  ['{{timestamp 1}}', 'function-arity'],
  ['{{isotime `2006` `x`}}', 'function-arity'],
  ['{{upper 1}}', 'function-argument-type'],
  ['{{sed `s/a/b/` `abc`}}', 'deprecated-function'],
  ['{{env `HOME`}}', 'env-outside-variables'],
  ['{{aws_secretsmanager `x`}}', 'function-outside-variables'],
  ['{{clean_resource_name `a b`}}', 'function-not-available'],
  ['{{ timestamp', 'template-syntax'],
  ['{{ end }}', 'template-syntax'],
];

describe(`checker verdicts agree with packer validate${skipNote(reason)}`, () => {
  it.skipIf(reason).each(provisionerCases)('%s', (inline, code) => {
    const text = templateText(inline);
    const ours = checkerAccepts(text);
    expect(ours.accepts).toBe(packerAccepts(text));
    expect(ours.accepts).toBe(code === undefined);
    if (code) expect(ours.codes).toContain(code);
  });

  it.skipIf(reason)('env is accepted in "variables" by both', () => {
    const text = templateText('x', { v: '{{env `HOME`}}-{{user `w`}}', w: 'y' });
    expect(packerAccepts(text)).toBe(true);
    expect(checkerAccepts(text, true).accepts).toBe(true);
  });

  it.skipIf(reason)('is stricter than Packer on an undeclared user variable (Packer renders it empty)', () => {
    const text = templateText('{{user `nope`}}');
    expect(packerAccepts(text)).toBe(true);
    expect(checkerAccepts(text).codes).toEqual(['undefined-user-variable']);
  });
});
