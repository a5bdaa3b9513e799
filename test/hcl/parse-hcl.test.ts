import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Expr, TemplateExpr } from '../../template/model.js';

beforeAll(async () => {
  await initHclParser();
});

function valueOf(text: string, name = 'a'): Expr {
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
    expect(block.body.attributes[0]!.range).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
  });

  it('marks var files', () => {
    expect(parseHcl('x.pkrvars.hcl', 'a = 1').isVarFile).toBe(true);
    expect(parseHcl('x.pkr.hcl', 'a = 1').isVarFile).toBeUndefined();
  });
});

describe('parseHcl: literals and strings', () => {
  it('reads numbers, booleans and null', () => {
    expect(valueOf('a = 1.5e2')).toMatchObject({ type: 'literal', value: 150 });
    expect(valueOf('a = true')).toMatchObject({ type: 'literal', value: true });
    expect(valueOf('a = null')).toMatchObject({ type: 'literal', value: null });
  });

  it('decodes escapes and keeps raw text', () => {
    const t = template(valueOf('a = "x\\n\\"\\u00e9$${y}%%{z} {{ .Device }}"'));
    expect(t.parts).toHaveLength(1);
    expect(t.parts[0]).toMatchObject({ kind: 'literal', value: 'x\n"é${y}%{z} {{ .Device }}', raw: 'x\\n\\"\\u00e9$${y}%%{z} {{ .Device }}' });
  });

  it('splits interpolations with exact ranges, keeping spaces', () => {
    const t = template(valueOf('a = " a ${var.x} b "'));
    expect(t.parts.map((p) => p.kind)).toEqual(['literal', 'interpolation', 'literal']);
    expect(t.parts[0]).toMatchObject({ value: ' a ', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 8 } } });
    expect(t.parts[2]).toMatchObject({ value: ' b ' });
  });
});
