import { beforeAll, describe, expect, it } from 'vitest';
import { childExprs, walkExpr } from '../../template/hcl/expr-walk.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Expr } from '../../template/model.js';

beforeAll(async () => {
  await initHclParser();
});

function attributeValue(text: string): Expr {
  return parseHcl('t.pkr.hcl', text).body.attributes[0]!.value;
}

/** `type` or `type:name` of each visited expression, in visit order. */
function visited(expr: Expr): string[] {
  const seen: string[] = [];
  walkExpr(expr, (e) => {
    seen.push(e.type === 'traversal' ? `traversal:${e.root}` : e.type === 'call' ? `call:${e.name}` : e.type);
  });
  return seen;
}

describe('walkExpr', () => {
  it('visits parents before children, in source order, into template interpolations', () => {
    expect(visited(attributeValue('a = "x-${upper(var.a)}-${local.b ? 1 : -2}"'))).toEqual([
      'template',
      'call:upper',
      'traversal:var',
      'conditional',
      'traversal:local',
      'literal',
      'unary',
      'literal',
    ]);
  });

  it('visits every part of for-expressions, objects, indexes, splats and operators', () => {
    expect(visited(attributeValue('a = {for k, v in var.m : k => v[local.i] if !v.x}'))).toEqual([
      'for',
      'traversal:var',
      'traversal:k',
      'index',
      'traversal:v',
      'traversal:local',
      'unary',
      'traversal:v',
    ]);
    expect(visited(attributeValue('a = { (local.k) = [var.l[*].id, (1 + f(2)).z] }'))).toEqual([
      'object',
      'paren',
      'traversal:local',
      'tuple',
      'splat',
      'traversal:var',
      'getattr',
      'paren',
      'binary',
      'literal',
      'call:f',
      'literal',
    ]);
  });

  it('reaches expressions inside template directives', () => {
    expect(visited(attributeValue('a = "%{ if var.c }${local.y}%{ endif }"'))).toEqual([
      'template',
      'conditional',
      'traversal:var',
      'template',
      'traversal:local',
      'template',
    ]);
  });

  it('skips the children of an expression when the visitor returns false', () => {
    const seen: string[] = [];
    walkExpr(attributeValue('a = f(g(x), y)'), (e) => {
      seen.push(e.type === 'call' ? e.name : e.type);
      return !(e.type === 'call' && e.name === 'g');
    });
    expect(seen).toEqual(['f', 'g', 'traversal']);
  });

  it('passes the parent of each expression', () => {
    const parents: Array<string | undefined> = [];
    walkExpr(attributeValue('a = [x]'), (_e, parent) => void parents.push(parent?.type));
    expect(parents).toEqual([undefined, 'tuple']);
  });

  it('lists no children for leaves', () => {
    expect(childExprs(attributeValue('a = 1'))).toEqual([]);
    expect(childExprs(attributeValue('a = var.x.y'))).toEqual([]);
  });
});
