/** UNKNOWN (a value not known before the build) goes through every operation as UNKNOWN, silently. */
import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, setup } from './helpers.js';
import { hclFunctions } from '../../template/eval/library.js';

beforeAll(setup);

// var.u has no value (its missing-variable diagnostic belongs to the declarations, not to the expressions).
const declarations = 'variable "u" {\n  type = string\n}\nvariable "l" {\n  type = list(string)\n}\n';

const propagating = [
  'var.u',
  'upper(var.u)',
  'format("%s-%s", "a", var.u)',
  '"prefix ${var.u} suffix"',
  'var.u == "x"',
  '[var.u] == ["x"]',
  'var.u + 1',
  '!var.u',
  '-var.u',
  'var.u ? 1 : 2',
  'var.l[0]',
  'var.l[*].x',
  '{a = 1}[var.u]',
  '[for x in var.l : x]',
  '{for x in ["a"] : var.u => x}',
  'length(var.l)',
  'join(",", [var.u, "b"])',
  'coalesce(var.u, "x")',
  'jsonencode({a = var.u})',
  'merge({a = 1}, {b = var.u})',
  'var.u.attr',
  'file(var.u)',
  'tonumber(var.u)',
  'try(var.u, "x")',
  'can(var.u)',
];

describe('UNKNOWN propagation', () => {
  it.each(propagating)('%s is unknown without a diagnostic', (source) => {
    const { value, diagnostics } = evalExpr(source, { declarations });
    expect(isUnknown(value)).toBe(true);
    expect(diagnostics).toEqual([]);
  });

  it('a list holding an unknown element keeps its known length', () => {
    expect(evalExpr('length([var.u, "b"])', { declarations }).value).toBe(2);
  });

  it('every eager function gives UNKNOWN for an unknown argument, never an error', () => {
    for (const f of hclFunctions.values()) {
      if (f.kind !== 'eager' || f.params.length === 0) continue;
      // A type argument (`convert`'s) is written, never computed: `any` stands for it.
      const args = f.params.map((p) => (p.typeExpression ? 'any' : 'var.u')).join(', ');
      const { value, diagnostics } = evalExpr(`${f.name}(${args})`, { declarations });
      expect(diagnostics, f.name).toEqual([]);
      expect(isUnknown(value), f.name).toBe(true);
    }
  });
});
