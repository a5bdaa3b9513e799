import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Expr, TemplateExpr } from '../../template/model.js';

beforeAll(async () => {
  await initHclParser();
});

function attributeValue(text: string, name = 'a'): Expr {
  const file = parseHcl('t.pkr.hcl', text);
  const attribute = file.body.attributes.find((a) => a.name === name);
  if (!attribute) throw new Error(`no attribute ${name}`);
  return attribute.value;
}

function template(expr: Expr): TemplateExpr {
  if (expr.type !== 'template') throw new Error(`expected a template, got ${expr.type}`);
  return expr;
}

describe('parseHcl: structure', () => {
  it('converts blocks with quoted and bare labels, header and body ranges', () => {
    const file = parseHcl('t.pkr.hcl', 'source "chroot" base {\n  x = 1\n}\n');
    expect(file.diagnostics).toEqual([]);
    const block = file.body.blocks[0]!;
    expect(block.type).toBe('source');
    expect(block.labels.map((l) => l.value)).toEqual(['chroot', 'base']);
    expect(block.labels[0]!.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 15 } });
    expect(block.headerRange).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 22 } });
    expect(block.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 2, character: 1 } });
    expect(block.body.attributes[0]!.name).toBe('x');
    expect(block.body.attributes[0]!.range).toEqual({
      start: { line: 1, character: 2 },
      end: { line: 1, character: 7 },
    });
  });

  it('marks var files', () => {
    expect(parseHcl('x.pkrvars.hcl', 'a = 1').isVarFile).toBe(true);
    expect(parseHcl('x.pkr.hcl', 'a = 1').isVarFile).toBeUndefined();
  });
});

describe('parseHcl: literals and strings', () => {
  it('reads numbers, booleans and null', () => {
    expect(attributeValue('a = 1.5e2')).toMatchObject({ type: 'literal', value: 150 });
    expect(attributeValue('a = true')).toMatchObject({ type: 'literal', value: true });
    expect(attributeValue('a = null')).toMatchObject({ type: 'literal', value: null });
  });

  it('decodes escapes and keeps raw text', () => {
    const t = template(attributeValue('a = "x\\n\\"\\u00e9$${y}%%{z} {{ .Device }}"'));
    expect(t.parts).toHaveLength(1);
    expect(t.parts[0]).toMatchObject({
      kind: 'literal',
      value: 'x\n"é${y}%{z} {{ .Device }}',
      raw: 'x\\n\\"\\u00e9$${y}%%{z} {{ .Device }}',
    });
  });

  it('splits interpolations with exact ranges, keeping spaces', () => {
    const t = template(attributeValue('a = " a ${var.x} b "'));
    expect(t.parts.map((p) => p.kind)).toEqual(['literal', 'interpolation', 'literal']);
    expect(t.parts[0]).toMatchObject({
      value: ' a ',
      range: { start: { line: 0, character: 5 }, end: { line: 0, character: 8 } },
    });
    expect(t.parts[2]).toMatchObject({ value: ' b ' });
  });
});

describe('parseHcl: expressions', () => {
  it('folds a variable and static steps into one traversal', () => {
    const e = attributeValue('a = var.x["k"].y[0].1');
    expect(e).toMatchObject({
      type: 'traversal',
      root: 'var',
      steps: [
        { kind: 'attr', name: 'x' },
        { kind: 'index', name: 'k' },
        { kind: 'attr', name: 'y' },
        { kind: 'index', name: 0 },
        { kind: 'index', name: 1 },
      ],
      range: { start: { line: 0, character: 4 }, end: { line: 0, character: 21 } },
    });
    if (e.type !== 'traversal') throw new Error('traversal expected');
    expect(e.rootRange).toEqual({ start: { line: 0, character: 4 }, end: { line: 0, character: 7 } });
    expect(e.steps[0]!.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 9 } });
  });

  it('wraps dynamic indexes and attributes after calls', () => {
    const e = attributeValue('a = var.m[local.k].name');
    expect(e).toMatchObject({
      type: 'getattr',
      name: 'name',
      target: {
        type: 'index',
        target: { type: 'traversal', root: 'var', steps: [{ name: 'm' }] },
        key: { type: 'traversal', root: 'local' },
      },
    });
    expect(attributeValue('a = f(x).y')).toMatchObject({
      type: 'getattr',
      name: 'y',
      target: { type: 'call', name: 'f' },
    });
  });

  it('reads splats with the steps applied to each element', () => {
    expect(attributeValue('a = var.l[*].id')).toMatchObject({
      type: 'splat',
      target: { type: 'traversal', root: 'var' },
      each: [{ kind: 'attr', name: 'id' }],
    });
    expect(attributeValue('a = var.l.*.b[0]')).toMatchObject({ type: 'splat', each: [{ name: 'b' }, { name: 0 }] });
  });

  it('reads calls with expansion', () => {
    const e = attributeValue('a = concat(["x"], var.l...)');
    expect(e).toMatchObject({
      type: 'call',
      name: 'concat',
      expandFinal: true,
      args: [{ type: 'tuple' }, { type: 'traversal' }],
    });
    if (e.type !== 'call') throw new Error('call expected');
    expect(e.nameRange).toEqual({ start: { line: 0, character: 4 }, end: { line: 0, character: 10 } });
    expect(attributeValue('a = timestamp()')).toMatchObject({ type: 'call', args: [], expandFinal: false });
  });

  it('reads operators with precedence, unary, conditional and parentheses', () => {
    expect(attributeValue('a = 1 + 2 * 3 == 7 && !b')).toMatchObject({
      type: 'binary',
      operator: '&&',
      left: { type: 'binary', operator: '==', left: { operator: '+', right: { operator: '*' } } },
      right: { type: 'unary', operator: '!', operand: { type: 'traversal', root: 'b' } },
    });
    expect(attributeValue('a = c ? -1 : (x + 1)')).toMatchObject({
      type: 'conditional',
      condition: { type: 'traversal', root: 'c' },
      // biome-ignore lint/suspicious/noThenProperty: the expected conditional's branch, as the model names it
      then: { type: 'unary', operator: '-', operand: { value: 1 } },
      else: { type: 'paren', inner: { type: 'binary', operator: '+' } },
    });
    expect(attributeValue('a = (x).y')).toMatchObject({ type: 'getattr', target: { type: 'paren' } });
  });

  it('reads for-expressions of both kinds', () => {
    expect(attributeValue('a = [for i, v in var.l : upper(v) if v != ""]')).toMatchObject({
      type: 'for',
      result: 'tuple',
      keyVar: 'i',
      valueVar: 'v',
      collection: { type: 'traversal', root: 'var' },
      valueExpr: { type: 'call', name: 'upper' },
      condition: { type: 'binary', operator: '!=' },
      grouping: false,
    });
    const o = attributeValue('a = {for k, v in m : k => v...}');
    expect(o).toMatchObject({
      type: 'for',
      result: 'object',
      keyExpr: { root: 'k' },
      valueExpr: { root: 'v' },
      grouping: true,
    });
  });

  it('reads objects with identifier, string and expression keys', () => {
    const e = attributeValue('a = {k = 1, "s": 2, (x) = 3}');
    if (e.type !== 'object') throw new Error('object expected');
    expect(e.items.map((i) => i.keyName)).toEqual(['k', 's', undefined]);
    expect(e.items[0]!.key).toMatchObject({ type: 'template', parts: [{ value: 'k', raw: 'k' }] });
    expect(e.items[2]!.key).toMatchObject({ type: 'paren' });
  });

  it('reads tuples', () => {
    expect(attributeValue('a = [1, "two",\n  [3],\n]')).toMatchObject({
      type: 'tuple',
      items: [{ value: 1 }, { type: 'template' }, { type: 'tuple' }],
    });
  });
});

describe('parseHcl: heredocs and directives', () => {
  it('keeps a plain heredoc verbatim, ending with the last newline', () => {
    const t = template(attributeValue('a = <<EOF\n  one ${x}\n  two\nEOF\n'));
    expect(t.heredoc).toBe(true);
    expect(t.parts.map((p) => (p.kind === 'literal' ? p.value : '#'))).toEqual(['  one ', '#', '\n  two\n']);
    expect(t.parts[0]!.range.start).toEqual({ line: 1, character: 0 });
  });

  it('strips the common indentation of a flush heredoc but keeps raw text', () => {
    const t = template(attributeValue('a = <<-EOT\n    #!/bin/sh\n      echo $${HOME} \\n\n\n    done\n    EOT\n'));
    const literal = t.parts[0];
    expect(literal).toMatchObject({ kind: 'literal', value: '#!/bin/sh\n  echo ${HOME} \\n\n\ndone\n' });
    if (literal?.kind !== 'literal') throw new Error('literal expected');
    expect(literal.raw).toBe('    #!/bin/sh\n      echo $${HOME} \\n\n\n    done\n');
  });

  it('counts a line starting with an interpolation as unindented', () => {
    const t = template(attributeValue('a = <<-EOT\n    x\n${y}\n  EOT\n'));
    expect(t.parts[0]).toMatchObject({ value: '    x\n' });
  });

  it('turns %{if} into a conditional and %{for} into join over a for-expression', () => {
    const t = template(attributeValue('a = "%{ if c }yes%{ else }no%{ endif }-%{ for k, v in m }${v},%{ endfor }"'));
    expect(t.parts[0]).toMatchObject({
      kind: 'interpolation',
      expr: {
        type: 'conditional',
        condition: { type: 'traversal', root: 'c' },
        // biome-ignore lint/suspicious/noThenProperty: the expected conditional's branch, as the model names it
        then: { type: 'template', parts: [{ value: 'yes' }] },
        else: { type: 'template', parts: [{ value: 'no' }] },
      },
    });
    expect(t.parts[1]).toMatchObject({ kind: 'literal', value: '-' });
    expect(t.parts[2]).toMatchObject({
      kind: 'interpolation',
      expr: {
        type: 'call',
        name: 'join',
        args: [
          { type: 'template', parts: [] },
          {
            type: 'for',
            keyVar: 'k',
            valueVar: 'v',
            valueExpr: { type: 'template', parts: [{ kind: 'interpolation' }, { value: ',' }] },
          },
        ],
      },
    });
  });

  it('applies strip markers to the neighbouring literal values', () => {
    const t = template(attributeValue('a = "a  ${~ x ~}  b %{~ if c ~} y %{~ endif ~} z"'));
    expect(t.parts.filter((p) => p.kind === 'literal').map((p) => p.kind === 'literal' && p.value)).toEqual([
      'a',
      'b',
      'z',
    ]);
    expect(t.parts[0]).toMatchObject({ raw: 'a  ' });
  });

  it('leaves {{ }} Go-template text in the literal', () => {
    expect(template(attributeValue('a = "mount {{.Device}} {{ .MountPath }}"')).parts).toMatchObject([
      { kind: 'literal', value: 'mount {{.Device}} {{ .MountPath }}' },
    ]);
  });
});

describe('parseHcl: positions are UTF-16', () => {
  it('counts é as one unit and an emoji as two', () => {
    const file = parseHcl('t.pkr.hcl', 'a = "é😀x${var.y}"\nb = 1\n');
    const t = template(file.body.attributes[0]!.value);
    expect(t.parts[0]!.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
    expect(t.parts[1]!.range).toEqual({ start: { line: 0, character: 9 }, end: { line: 0, character: 17 } });
    expect(file.body.attributes[1]!.nameRange).toEqual({
      start: { line: 1, character: 0 },
      end: { line: 1, character: 1 },
    });
  });

  it('handles non-ASCII before a block on the same line and CRLF line ends', () => {
    const file = parseHcl('t.pkr.hcl', '# déjà vu 🚀\r\nlocals {\r\n  ü = "ñ"\r\n}\r\n');
    const block = file.body.blocks[0]!;
    expect(block.typeRange).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
    expect(block.body.attributes[0]!.name).toBe('ü');
    expect(block.body.attributes[0]!.value.range).toEqual({
      start: { line: 2, character: 6 },
      end: { line: 2, character: 9 },
    });
  });
});

describe('parseHcl: heredoc strip markers behave as in HCL', () => {
  it('trims only within the neighbouring line and measures indentation after stripping', () => {
    // Expected values are what HashiCorp's parser gives (@cdktf/hcl2json) for this text.
    const text = 'a = <<-EOT\n    LABEL=root\n  %{ if c ~}\n    LABEL=data\n  %{ endif ~}\n  EOT\n';
    const t = template(attributeValue(text));
    expect(t.parts[0]).toMatchObject({ kind: 'literal', value: '  LABEL=root\n' });
    expect(t.parts[1]).toMatchObject({
      kind: 'interpolation',
      expr: {
        type: 'conditional',
        // biome-ignore lint/suspicious/noThenProperty: the expected conditional's branch, as the model names it
        then: { parts: [{ value: '    LABEL=data\n' }] },
      },
    });
    expect(t.parts.slice(2).map((p) => (p.kind === 'literal' ? p.value : '#'))).toEqual(['']);
  });
});

describe('parseHcl: positions never fall inside a CRLF line break', () => {
  it('a backslash before CRLF in a string (found by fast-check)', () => {
    const text = 'a = "x\\\r\ny"\r\nb = 1\r\n';
    const file = parseHcl('t.pkr.hcl', text);
    const lines = text.split('\r\n');
    for (const d of file.diagnostics) {
      expect(d.range.start.character).toBeLessThanOrEqual(lines[d.range.start.line]!.length);
      expect(d.range.end.character).toBeLessThanOrEqual(lines[d.range.end.line]!.length);
    }
    // As HashiCorp's parser says: the backslash is an invalid character there.
    expect(file.diagnostics[0]?.message).toMatch(/^Invalid character/);
  });
});
