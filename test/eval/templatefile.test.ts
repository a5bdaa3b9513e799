import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const files: Record<string, string> = {
  '/t/user-data.tpl':
    '#cloud-config\nhostname: ${hostname}\npackages:\n%{ for p in packages ~}\n  - ${p}\n%{ endfor ~}\n',
  '/t/plain.tpl': 'no newline at end',
  '/t/cond.tpl': '%{ if admin }root%{ else }user%{ endif }',
  '/t/uses-var.tpl': 'x = ${var.name}\n',
  '/t/bad.tpl': 'line one\n${unclosed\n',
  '/t/fn.tpl': '${upper(name)} ${length(items)}',
  '/t/nested.tpl': '${templatefile("plain.tpl", {})}',
};
const options = {
  inputs: { readFile: (path: string) => files[path] },
  declarations: 'variable "name" {\n  default = "v"\n}\n',
};

describe('templatefile', () => {
  it('renders interpolations and directives with the given variables', () => {
    expect(
      valueOfSource('templatefile("user-data.tpl", {hostname = "box", packages = ["vim", "curl"]})', options),
    ).toBe('#cloud-config\nhostname: box\npackages:\n  - vim\n  - curl\n');
  });
  it('keeps the text exactly, with or without a final newline', () => {
    expect(valueOfSource('templatefile("plain.tpl", {})', options)).toBe('no newline at end');
    expect(valueOfSource('templatefile("cond.tpl", {admin = true})', options)).toBe('root');
    expect(valueOfSource('templatefile("cond.tpl", {admin = false})', options)).toBe('user');
  });
  it('offers the function library inside the template', () => {
    expect(valueOfSource('templatefile("fn.tpl", {name = "x", items = [1, 2]})', options)).toBe('X 2');
  });
  it('is unknown when no file reader is given, or when a variable is not known yet', () => {
    expect(isUnknown(evalExpr('templatefile("plain.tpl", {})').value)).toBe(true);
    const unknownVar = evalExpr('templatefile("fn.tpl", {name = var.u, items = []})', {
      ...options,
      declarations: 'variable "u" {\n  type = string\n}\n',
    });
    expect(isUnknown(unknownVar.value)).toBe(true);
    expect(unknownVar.diagnostics).toEqual([]);
  });

  const errors: Array<[string, string, string]> = [
    ['templatefile("missing.tpl", {})', 'no file exists at missing.tpl', '"missing.tpl"'],
    ['templatefile("plain.tpl", "x")', 'the vars argument must be a map or object', '"x"'],
    ['templatefile("uses-var.tpl", {})', 'in template uses-var.tpl: line 1: Undefined variable', '"uses-var.tpl"'],
    ['templatefile("fn.tpl", {name = "x"})', 'line 1: Unknown name "items"', '"fn.tpl"'],
    ['templatefile("bad.tpl", {})', 'in template bad.tpl: at the end of the file', '"bad.tpl"'],
    [
      'templatefile("nested.tpl", {})',
      'Call to unknown function: there is no function named "templatefile"',
      '"nested.tpl"',
    ],
  ];
  it.each(errors)('%s fails at the call', (source, message, at) => {
    const d = onlyDiagnostic(source, options);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
