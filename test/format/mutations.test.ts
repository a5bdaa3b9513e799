/**
 * Differential test against the real `packer fmt` on broken and odd input:
 * the corpus's formatted files are mutated (spans deleted, duplicated, or
 * HCL punctuation inserted), and for every mutant we must refuse exactly the
 * files packer refuses and format the others byte-for-byte as packer does.
 * One packer run formats the whole batch (see packerBatch).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { packerBatch, packerMissing } from './packer-reference.js';

const expectedDir = join(import.meta.dirname, '../fixtures/fmt/expected');
const sources = readdirSync(expectedDir)
  .sort()
  .map((n) => Array.from(readFileSync(join(expectedDir, n), 'utf8')));

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '=',
  ',',
  '\n',
  ' ',
  '#',
  '/*',
  '*/',
  '${',
  '%{',
  '<<EOF\n',
  'EOF\n',
  '.',
  ':',
  '?',
  '-',
  '!',
  'x',
  '1',
  '\\',
  '~}',
  '=>',
  '...',
  'for ',
  ' in ',
  '\t',
  '\r\n',
];

type Mutation = { at: number; kind: 'delete' | 'insert' | 'duplicate'; length: number; piece: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  length: fc.integer({ min: 1, max: 4 }),
  piece: fc.nat(PIECES.length - 1),
  from: fc.nat(),
});

/** Applies mutations to a file's code points (never splitting a character). */
function mutate(chars: string[], mutations: Mutation[]): string {
  const out = [...chars];
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'delete') out.splice(at, m.length);
    else if (m.kind === 'insert') out.splice(at, 0, ...Array.from(PIECES[m.piece]!));
    else out.splice(at, 0, ...out.slice(m.from % (out.length + 1), (m.from % (out.length + 1)) + m.length));
  }
  return out.join('');
}

// FMT_MUTANTS / FMT_MUTANT_SEED widen the search when hunting for differences.
const mutants = fc.sample(
  fc
    .tuple(fc.nat(sources.length - 1), fc.array(mutation, { minLength: 1, maxLength: 2 }))
    .map(([i, ms]) => mutate(sources[i]!, ms)),
  { numRuns: Number(process.env.FMT_MUTANTS ?? 200), seed: Number(process.env.FMT_MUTANT_SEED ?? 4242) },
);

describe('mutated templates', () => {
  const reason = packerMissing();
  it.skipIf(reason)(
    `refuse and format exactly as packer fmt does (${mutants.length} mutants)${skipNote(reason)}`,
    () => {
      const names = mutants.map((_, i) => `m${i}.pkr.hcl`);
      const { refused, formatted } = packerBatch(new Map(names.map((n, i) => [n, mutants[i]!])));
      const disagreements: string[] = [];
      names.forEach((name, i) => {
        const ours = formatHcl(mutants[i]!, name);
        if (ours.ok === refused.has(name))
          disagreements.push(`${name}: packer ${refused.has(name) ? 'refused' : 'accepted'}`);
        else if (ours.ok && ours.text !== formatted.get(name)) disagreements.push(`${name}: output differs`);
      });
      // FMT_MUTANT_DUMP=DIR keeps the disagreeing mutants for a closer look.
      const dump = process.env.FMT_MUTANT_DUMP;
      if (dump)
        for (const d of disagreements)
          writeFileSync(join(dump, d.split(':')[0]!), mutants[Number(d.slice(1).split('.')[0])]!);
      // Both verdicts must occur, or the comparison proves little.
      expect(refused.size).toBeGreaterThan(20);
      expect(refused.size).toBeLessThan(names.length - 20);
      expect(disagreements).toEqual([]);
    },
  );
});
