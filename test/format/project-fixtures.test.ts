/**
 * Every HCL template the rest of the project keeps in test/fixtures (parser,
 * schema, runner and server fixtures, broken ones included) goes through
 * our formatter and the real `packer fmt`: same verdict (format or refuse)
 * and, when formatted, the same bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { packerBatch, packerMissing } from './packer-reference.js';

const fixtures = join(import.meta.dirname, '../fixtures');
const examples = join(import.meta.dirname, '../../examples');

/** Template files under a directory, skipping this formatter's own corpus. */
function templates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(fixtures, 'fmt') ? [] : templates(path);
    return /\.(pkr|pkrvars)\.hcl$/.test(e.name) ? [path] : [];
  });
}

describe("the project's other HCL fixtures", () => {
  const files = templates(fixtures).sort();
  const reason = packerMissing() ?? (files.length === 0 ? 'no HCL fixtures outside test/fixtures/fmt yet' : undefined);
  it.skipIf(reason)(
    `are refused or formatted exactly as packer fmt does (${files.length} files)${skipNote(reason)}`,
    () => {
      // Batch names must be unique and keep the extension packer looks for.
      const batch = new Map(
        files.map((f, i) => [`f${i}${f.endsWith('.pkrvars.hcl') ? '.pkrvars.hcl' : '.pkr.hcl'}`, f]),
      );
      const { refused, formatted } = packerBatch(
        new Map([...batch].map(([name, f]) => [name, readFileSync(f, 'utf8')])),
      );
      const disagreements = [...batch].flatMap(([name, f]) => {
        const ours = formatHcl(readFileSync(f, 'utf8'), f);
        const label = relative(fixtures, f);
        if (ours.ok === refused.has(name)) return [`${label}: packer ${refused.has(name) ? 'refused' : 'accepted'} it`];
        return ours.ok && ours.text !== formatted.get(name) ? [`${label}: output differs`] : [];
      });
      expect(disagreements).toEqual([]);
    },
  );

  // Users copy the examples: they must already be in canonical form.
  it.each(templates(examples).map((f) => relative(examples, f)))('examples/%s is already formatted', (name) => {
    const text = readFileSync(join(examples, name), 'utf8');
    expect(formatHcl(text, name)).toEqual({ ok: true, text });
  });
});
