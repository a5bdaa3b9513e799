import { describe, expect, it } from 'vitest';
import type { ActionNode, FieldNode, Operand } from '../../template/interpolation/go-template-ast.js';
import { parseGoTemplate, parseGoTemplateText } from '../../template/interpolation/parse-go-template.js';
import { jsonStringAt, rangeOfText } from './helpers.js';

const actions = (text: string): ActionNode[] =>
  parseGoTemplateText(text).nodes.filter((n): n is ActionNode => n.kind === 'action');
const head = (text: string): Operand => actions(text)[0]!.pipeline!.commands[0]!.args[0]!;
const errorsOf = (text: string) => parseGoTemplateText(text).errors;

describe('parseGoTemplate: nodes and operands', () => {
  it('splits text and actions', () => {
    const t = parseGoTemplateText('a {{.Device}} b');
    expect(t.nodes.map((n) => n.kind)).toEqual(['text', 'action', 'text']);
    expect(t.errors).toEqual([]);
  });

  it('reads a field chain with a range per name', () => {
    const field = head('{{ .Foo.Bar }}') as FieldNode;
    expect(field.kind).toBe('field');
    expect(field.names.map((n) => n.name)).toEqual(['Foo', 'Bar']);
    expect(field.names[1]!.range).toEqual(rangeOfText('{{ .Foo.Bar }}', '.Bar'));
  });

  it('reads functions, strings, numbers, booleans, nil and pipes', () => {
    const [action] = actions('{{ split "a,b" `,` 1 | upper }}{{ not true }}{{ 2.5 }}{{ -3 }}{{ 0x1F }}');
    const [first, second] = action!.pipeline!.commands;
    expect(first!.args.map((a) => a.kind)).toEqual(['identifier', 'string', 'string', 'number']);
    expect(first!.args.map((a) => ('value' in a ? a.value : (a as { name: string }).name))).toEqual([
      'split',
      'a,b',
      ',',
      1,
    ]);
    expect(second!.args[0]).toMatchObject({ kind: 'identifier', name: 'upper' });
    const rest = actions("{{ not true }}{{ 2.5 }}{{ -3 }}{{ 0x1F }}{{ nil }}{{ 'a' }}").map((a) =>
      a.pipeline!.commands[0]!.args.at(-1),
    );
    expect(rest.map((a) => (a && 'value' in a ? a.value : a?.kind))).toEqual([true, 2.5, -3, 31, 'nil', 97]);
  });

  it('reads hex, octal, binary and integral floats as integers, like Go', () => {
    const values = actions('{{ 0x1E }}{{ 0o17 }}{{ 0b101 }}{{ 1_000 }}{{ 1.0 }}{{ 1e3 }}{{ 1.5 }}').map(
      (a) => a.pipeline!.commands[0]!.args[0],
    );
    expect(values.map((v) => (v?.kind === 'number' ? [v.value, v.isInteger] : v?.kind))).toEqual([
      [30, true],
      [15, true],
      [5, true],
      [1000, true],
      [1, true],
      [1000, true],
      [1.5, false],
    ]);
  });

  it('decodes Go string escapes in "…" but not in `…`', () => {
    expect(head('{{ "a\\tb\\u00e9" }}')).toMatchObject({ kind: 'string', value: 'a\tbé', quote: '"' });
    expect(head('{{ `a\\tb` }}')).toMatchObject({ kind: 'string', value: 'a\\tb', quote: '`' });
  });

  it('reads parenthesised pipelines and their field chains', () => {
    expect(head('{{ (upper "a") }}')).toMatchObject({ kind: 'paren' });
    expect(head('{{ (upper "a").X }}')).toMatchObject({ kind: 'chain', fields: [{ name: 'X' }] });
  });

  it('reads variables and declarations', () => {
    const [decl, use] = actions('{{ $x := .Device }}{{ $x }}{{ $.MountPath }}');
    expect(decl!.pipeline!.declarations.map((d) => d.name)).toEqual(['$x']);
    expect(decl!.pipeline!.assign).toBe(':=');
    expect(use!.pipeline!.commands[0]!.args[0]).toMatchObject({ kind: 'variable', name: '$x' });
    expect(head('{{ $.MountPath }}')).toMatchObject({ kind: 'variable', name: '$', fields: [{ name: 'MountPath' }] });
  });

  it('reads comments and trim markers', () => {
    const t = parseGoTemplateText('a {{- /* note */ -}} b {{- .X -}} c');
    expect(t.nodes.map((n) => n.kind)).toEqual(['text', 'comment', 'text', 'action', 'text']);
    expect(t.nodes[1]).toMatchObject({ trimLeft: true, trimRight: true });
    expect(t.nodes[3]).toMatchObject({ trimLeft: true, trimRight: true });
    expect(t.errors).toEqual([]);
  });

  it('reads {{-3}} as the number -3, not a trim marker', () => {
    expect(head('{{-3}}')).toMatchObject({ kind: 'number', value: -3 });
  });

  it('parses control actions enough to nest them', () => {
    const t = parseGoTemplateText(
      '{{if .A}}x{{else if .B}}y{{else}}z{{end}}{{range $i, $e := .L}}{{break}}{{end}}{{with .C}}{{.}}{{end}}',
    );
    expect(t.errors).toEqual([]);
    const keywords = t.nodes.filter((n): n is ActionNode => n.kind === 'action').map((a) => a.keyword ?? '-');
    expect(keywords).toEqual(['if', 'else', 'else', 'end', 'range', 'break', 'end', 'with', '-', 'end']);
    expect((t.nodes[2] as ActionNode).elseKeyword).toBe('if');
  });

  it('reads template/define/block names', () => {
    const t = parseGoTemplateText('{{define "x"}}a{{end}}{{template "x" .}}');
    expect(t.errors).toEqual([]);
    expect((t.nodes[0] as ActionNode).templateName?.value).toBe('x');
  });

  it('keeps positions exact through JSON escapes and across lines', () => {
    const doc = '{\n  "v": "echo {{user \\"name\\"}}\\n{{ .Devise }}"\n}';
    const t = parseGoTemplate(jsonStringAt(doc, 'v'), 'json');
    const [user, field] = t.nodes.filter((n): n is ActionNode => n.kind === 'action');
    expect(user!.pipeline!.commands[0]!.args[1]!.range).toEqual(rangeOfText(doc, '\\"name\\"'));
    expect((field!.pipeline!.commands[0]!.args[0] as FieldNode).names[0]!.range).toEqual(rangeOfText(doc, '.Devise'));
    expect(user!.range).toEqual(rangeOfText(doc, '{{user \\"name\\"}}'));
  });
});

describe('parseGoTemplate: errors (Go wording, exact ranges)', () => {
  const cases: Array<[string, string, string]> = [
    ['a {{ .Device', 'unclosed action', '{{ .Device'],
    ['{{ }}', 'missing value for command', '{{'],
    ['{{ "abc }}', 'unterminated quoted string', '"abc }}'],
    ['{{ `abc }}', 'unterminated raw quoted string', '`abc }}'],
    ['{{ # }}', 'unexpected "#" in command', '#'],
    ['{{ .Foo# }}', "bad character U+0023 '#'", '.Foo#'],
    ['{{/* x }}', 'unclosed comment', '{{/* x }}'],
    ['{{/* x */ y}}', 'comment ends before closing delimiter', '{{/* x */'],
    ['{{ ) }}', "unexpected right paren U+0029 ')'", ')'],
    ['{{ (upper "a" }}', 'unclosed left paren', '}}'],
    ['{{ x : y }}', 'expected :=', ':'],
    ['{{end}}', 'unexpected {{end}}', '{{end}}'],
    ['{{else}}', 'unexpected {{else}}', '{{else}}'],
    ['{{if .A}}x', 'unexpected EOF: {{if}} has no matching {{end}}', 'if'],
    ['{{if}}{{end}}', 'missing value for if', 'if'],
    ['{{ $y }}', 'undefined variable "$y"', '$y'],
    ['{{ upper | }}', 'missing command', '|'],
    ['{{ upper | "a" }}', 'non executable command in pipeline stage 2', '"a"'],
    ['{{ 1x }}', 'bad number syntax: "1x"', '1x'],
    ['{{ 08 }}', 'illegal number syntax: "08"', '08'],
    ['{{ "\\q" }}', 'invalid syntax: "\\q"', '"\\q"'],
    ['{{ break }}', '{{break}} outside {{range}}', 'break'],
    ['{{ € }}', "unrecognized character in action: U+20AC '€'", '€'],
    ['{{ é€ }}', "bad character U+20AC '€'", 'é€'],
  ];
  it.each(cases)('%s → %s', (text, message, marked) => {
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message)).toContain(message);
    const error = errors.find((e) => e.message === message)!;
    expect(error.range).toEqual(rangeOfText(text, marked));
  });

  it('reports every broken action of a string, not only the first', () => {
    const errors = errorsOf('{{ # }} ok {{ .A }} {{ $ }} {{ "x }}');
    expect(errors.map((e) => e.message)).toEqual(['unexpected "#" in command', 'unterminated quoted string']);
  });

  it('marks the broken action and keeps parsing later ones', () => {
    const list = actions('{{ # }}{{ .Device }}');
    expect(list[0]!.broken).toBe(true);
    expect(list[1]!.pipeline!.commands[0]!.args[0]).toMatchObject({ kind: 'field' });
  });
});
