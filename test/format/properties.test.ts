/**
 * Properties of the formatter over generated, badly formatted HCL:
 * idempotence, "only whitespace changes", and agreement with the real
 * `packer fmt` on a batch of generated files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { hclDocument } from './hcl-arbitrary.js';
import { packerFormatAll, packerMissing } from './packer-reference.js';

function format(text: string): string {
  const result = formatHcl(text);
  if (!result.ok) throw new Error(`unexpected syntax error: ${result.diagnostics[0]!.message}\n${text}`);
  return result.text;
}

describe('formatter properties', () => {
  it('is idempotent: format(format(x)) == format(x)', () => {
    fc.assert(
      fc.property(hclDocument, (doc) => {
        const once = format(doc);
        expect(format(once)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it('changes only spaces and tabs between tokens', () => {
    fc.assert(
      fc.property(hclDocument, (doc) => {
        expect(format(doc).replace(/[ \t]/g, '')).toBe(doc.replace(/[ \t]/g, ''));
      }),
      { numRuns: 200 },
    );
  });

  const reason = packerMissing();
  it.skipIf(reason)(`agrees byte-for-byte with packer fmt on 150 generated files${skipNote(reason)}`, () => {
    // FMT_GEN_RUNS / FMT_GEN_SEED widen the search when hunting for differences.
    const docs = fc.sample(hclDocument, {
      numRuns: Number(process.env.FMT_GEN_RUNS ?? 150),
      seed: Number(process.env.FMT_GEN_SEED ?? 20261125),
    });
    const inputs = new Map(docs.map((d, i) => [`gen-${i}.pkr.hcl`, d]));
    const fromPacker = packerFormatAll(inputs);
    const mismatched = [...inputs].filter(([name, doc]) => format(doc) !== fromPacker.get(name)).map(([name]) => name);
    expect(mismatched).toEqual([]);
  });
});
