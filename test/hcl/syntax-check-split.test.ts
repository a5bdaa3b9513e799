/**
 * The split HCL syntax check against the one-class version it replaced
 * (support/syntax-check-before-split.ts): identical faults, suppressed
 * faults, redefinitions and nesting verdicts — messages, offsets and order —
 * on every fixture and on thousands of mutated fixtures, under each scanner
 * option. Fixed seed; SPLIT_MUTANTS / SPLIT_SEED widen the search.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHclSyntax, type SyntaxCheckOptions } from '../../template/hcl/hcl-syntax-check.js';
import { checkHclSyntax as checkBeforeSplit } from './support/syntax-check-before-split.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

const fixtures = filesUnder(FIXTURES)
  .map((path) => ({ name: relative(FIXTURES, path), text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => !text.includes('\0'));

const OPTIONS: Record<string, SyntaxCheckOptions> = {
  parser: {},
  fmt: { functionNamespaces: false },
  editor: { lineEndsString: true },
};

/** Pieces of HCL syntax and of the mistakes the scanner singles out. */
const PIECES = [
  ...['{', '}', '[', ']', '(', ')', '"', '=', ',', '\n', ' ', '\t', '\r\n', '#', '//', '/*', '*/'],
  ...['${', '%{', '~}', '}', '<<EOF\n', '<<-EOF\n', 'EOF\n', '.', '..', '...', ':', '::', '?', '=>'],
  ...['-', '!', '*', '/', '%', '+', '&&', '||', '==', '<', '>=', '&', '|', '~', ';', '`', "'", '\u201c'],
  ...['x', 'for ', ' in ', 'if ', 'endif', 'else', 'endfor', '1', '1.5.2', '1e', '0.1', '\\', '\\q', '\\u12', 'é'],
];

type Mutation = { at: number; kind: 'delete' | 'insert' | 'duplicate'; length: number; piece: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  length: fc.integer({ min: 1, max: 6 }),
  piece: fc.nat(PIECES.length - 1),
  from: fc.nat(),
});

/** Applies mutations to a text's code points (never splitting a character). */
function mutate(text: string, mutations: Mutation[]): string {
  const out = Array.from(text);
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'delete') out.splice(at, m.length);
    else if (m.kind === 'insert') out.splice(at, 0, ...Array.from(PIECES[m.piece]!));
    else {
      const from = m.from % (out.length + 1);
      out.splice(at, 0, ...out.slice(from, from + m.length));
    }
  }
  return out.join('');
}

const hclFixtures = fixtures.filter(({ name }) => name.endsWith('.hcl'));
const mutants = fc.sample(
  fc
    .tuple(fc.nat(hclFixtures.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([i, ms]) => mutate(hclFixtures[i]!.text, ms)),
  { numRuns: Number(process.env.SPLIT_MUTANTS ?? 4000), seed: Number(process.env.SPLIT_SEED ?? 909) },
);

/** Texts at and past the nesting bound: brackets, and chains without brackets. */
const deepBrackets = [257, 20_000].flatMap((d) =>
  ['[', '(', '{ x = ', '"${', '%{ if true }'].map((open) => `a = ${open.repeat(d)}1\n`),
);
const deepChains = ['-', '!', 'true ? '].map((op) => `a = ${op.repeat(20_000)}1\n`);

/** What a check says, in full; or, for a stack exhausted by a chain, only what it says (see below). */
type Projection = (check: ReturnType<typeof checkHclSyntax>) => unknown;
const everything: Projection = (check) => check;
/**
 * Where a chain without brackets (`- - - … 1`) exhausts the stack depends on
 * the stack left and on how far V8 has optimized the functions, not on the
 * text alone: two identical copies of the old checker disagree on it once one
 * is warmer. Only the verdict and the message are the same every time.
 */
const verdict: Projection = (check) => [check.tooDeep, check.faults.map((fault) => fault.message)];

function differences(texts: Array<{ name: string; text: string }>, project = everything): string[] {
  const out: string[] = [];
  for (const { name, text } of texts)
    for (const [option, options] of Object.entries(OPTIONS)) {
      const before = project(checkBeforeSplit(text, 'f.pkr.hcl', options));
      const after = project(checkHclSyntax(text, 'f.pkr.hcl', options));
      if (JSON.stringify(after) !== JSON.stringify(before)) out.push(`${name} (${option})`);
    }
  return out;
}

describe('the split syntax check', () => {
  it(`judges every fixture as before (${fixtures.length} files)`, () => {
    expect(differences(fixtures)).toEqual([]);
  });

  it(`judges mutated fixtures as before (${mutants.length} mutants)`, () => {
    const named = mutants.map((text, i) => ({ name: `mutant ${i}`, text }));
    const faulty = named.filter(({ text }) => checkHclSyntax(text, 'f.pkr.hcl').faults.length > 0).length;
    // Both verdicts must be common, or the comparison proves little.
    expect(faulty).toBeGreaterThan(mutants.length / 4);
    expect(faulty).toBeLessThan(mutants.length - mutants.length / 10);
    expect(differences(named)).toEqual([]);
  }, 120_000);

  it('judges nesting at and past the bound as before', () => {
    expect(differences(deepBrackets.map((text, i) => ({ name: `brackets ${i}`, text })))).toEqual([]);
    const chains = deepChains.map((text, i) => ({ name: `chain ${i}`, text }));
    expect(chains.every(({ text }) => checkHclSyntax(text).tooDeep)).toBe(true);
    expect(differences(chains, verdict)).toEqual([]);
  });
});
