/** Property: evaluating any expression, in any context, never throws and gives a well-formed value. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hclFunctions } from '../../template/eval/library.js';
import { isUnknown, type EvalContext, type Value } from '../../template/evaluation-model.js';
import type { Expr, Range } from '../../template/model.js';
import { evaluateText, parseExpr, setup } from './helpers.js';

beforeAll(setup);

const declarations =
  'variable "s" {\n  default = "text"\n}\nvariable "l" {\n  default = [1, "a", null]\n}\nvariable "u" {\n  type = string\n}\nlocals {\n  o = {a = 1, b = [true]}\n  c1 = local.c2\n  c2 = local.c1\n}\n';

/** Well-formed: plain data or UNKNOWN, all the way down. */
function wellFormed(value: Value): boolean {
  if (isUnknown(value) || value === null) return true;
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object') return Object.values(value).every(wellFormed);
  return ['string', 'number', 'boolean'].includes(typeof value);
}

const functionNames = [...hclFunctions.keys(), 'nosuchfn'];
const atoms = [
  '1',
  '0',
  '-3.5',
  '"a"',
  '""',
  '"%s %d"',
  '"/(x/"',
  'true',
  'null',
  'var.s',
  'var.l',
  'var.u',
  'var.nope',
  'local.o',
  'local.c1',
  'path.root',
  'source.name',
  'build.ID',
  'x',
  '[]',
  '{}',
];

const hclText = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...atoms),
    fc
      .tuple(fc.constantFrom(...functionNames), fc.array(tie('expr'), { maxLength: 3 }), fc.boolean())
      .map(([name, args, expand]) => `${name}(${args.join(', ')}${expand && args.length > 0 ? '...' : ''})`),
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'), tie('expr'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([k, v]) => `{k = ${k}, (${k}) = ${v}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([t, k]) => `${t}[${k}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([coll, body]) => `[for i, x in ${coll} : ${body} if x != null]`),
    fc.tuple(tie('expr'), tie('expr')).map(([coll, body]) => `{for k, v in ${coll} : tostring(k) => ${body}...}`),
    tie('expr').map((e) => `"pre \${${e}} {{.Device}}"`),
    tie('expr').map((e) => `${e}[*].a`),
    tie('expr').map((e) => `!${e}`),
  ),
})).expr;

const contexts: fc.Arbitrary<EvalContext> = fc
  .record({
    file: fc.constant('/t/f.pkr.hcl'),
    kind: fc.constantFrom('variable', 'local', 'source', 'build', 'provisioner', 'post-processor', 'packer', 'other'),
    source: fc.option(fc.record({ type: fc.constant('chroot'), name: fc.string({ maxLength: 5 }) }), {
      nil: undefined,
    }),
  })
  .map((c) => (c.source ? c : { file: c.file, kind: c.kind }));

describe('evaluation never throws', () => {
  let evaluation: ReturnType<typeof evaluateText>;
  beforeAll(() => {
    evaluation = evaluateText(declarations);
  });
  // The evaluator turns its own exceptions into diagnostics; there must be none.
  const internalErrors = (): string[] =>
    evaluation.diagnostics.filter((d) => d.message.startsWith('Internal error')).map((d) => d.message);

  it('on random HCL expressions in random contexts', () => {
    fc.assert(
      fc.property(hclText, contexts, (text, context) => {
        const expr = parseExpr(text);
        const value = evaluation.evaluate(expr, context);
        expect(wellFormed(value)).toBe(true);
        expect(internalErrors()).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('on random expression trees, even ones no parser would build', () => {
    const at: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const tree = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        fc
          .oneof(fc.double(), fc.boolean(), fc.constant(null))
          .map((value): Expr => ({ type: 'literal', value, range: at })),
        fc
          .string({ maxLength: 4 })
          .map(
            (s): Expr => ({ type: 'template', parts: [{ kind: 'literal', value: s, raw: s, range: at }], range: at }),
          ),
        fc
          .tuple(
            fc.constantFrom('var', 'local', 'path', 'build', 'source', 'zz'),
            fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
          )
          .map(
            ([root, names]): Expr => ({
              type: 'traversal',
              root,
              rootRange: at,
              range: at,
              steps: names.map((name) => ({ kind: typeof name === 'number' ? 'index' : 'attr', name, range: at })),
            }),
          ),
        fc
          .tuple(fc.constantFrom(...functionNames), fc.array(tie('e'), { maxLength: 3 }), fc.boolean())
          .map(
            ([name, args, expandFinal]): Expr => ({ type: 'call', name, nameRange: at, args, expandFinal, range: at }),
          ),
        fc
          .tuple(fc.string({ maxLength: 3 }), tie('e'), tie('e'))
          .map(([operator, left, right]): Expr => ({ type: 'binary', operator, left, right, range: at })),
        fc.tuple(tie('e'), tie('e')).map(([target, key]): Expr => ({ type: 'index', target, key, range: at })),
        fc.array(tie('e'), { maxLength: 3 }).map((items): Expr => ({ type: 'tuple', items, range: at })),
        tie('e').map(
          (expr): Expr => ({
            type: 'template',
            parts: [
              { kind: 'interpolation', expr, range: at },
              { kind: 'literal', value: 'x', raw: 'x', range: at },
            ],
            range: at,
          }),
        ),
        fc.tuple(tie('e'), tie('e'), fc.boolean()).map(
          ([collection, valueExpr, grouping]): Expr => ({
            type: 'for',
            result: grouping ? 'object' : 'tuple',
            valueVar: 'v',
            keyVar: 'k',
            collection,
            valueExpr,
            keyExpr: { type: 'traversal', root: 'k', rootRange: at, steps: [], range: at },
            grouping,
            range: at,
          }),
        ),
        fc.constant<Expr>({ type: 'invalid', range: at }),
      ),
    })).e;
    fc.assert(
      fc.property(tree, contexts, (expr, context) => {
        expect(wellFormed(evaluation.evaluate(expr, context))).toBe(true);
        expect(internalErrors()).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
