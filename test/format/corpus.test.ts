/**
 * The formatting corpus: every badly formatted file in
 * test/fixtures/fmt/input must come out byte-for-byte as the committed
 * expected file, and the committed expected file must be what the real
 * `packer fmt` produces today (so neither side is circular).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { packerFormatAll, packerMissing } from './packer-reference.js';

const root = join(import.meta.dirname, '../fixtures/fmt');
const names = readdirSync(join(root, 'input'))
  .filter((n) => /\.(pkr|pkrvars)\.hcl$/.test(n))
  .sort();
const read = (dir: string, name: string): string => readFileSync(join(root, dir, name), 'utf8');
/** Edge cases packer fmt leaves exactly as they are (heredocs, odd comments, empty files…). */
const stable = readdirSync(join(root, 'stable')).sort();

describe('fmt corpus', () => {
  it('has at least 40 badly formatted files, each changed by formatting', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    for (const name of names) expect(read('input', name), name).not.toBe(read('expected', name));
  });

  it.each(names)('formats %s exactly as the committed packer output', (name) => {
    const result = formatHcl(read('input', name), name);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.text).toBe(read('expected', name));
  });

  it.each(names)('leaves the formatted %s unchanged', (name) => {
    const result = formatHcl(read('expected', name), name);
    expect(result.ok && result.text).toBe(read('expected', name));
  });

  it.each(stable)('leaves the already canonical %s unchanged', (name) => {
    const result = formatHcl(read('stable', name), name);
    expect(result.ok && result.text).toBe(read('stable', name));
  });

  const reason = packerMissing();
  it.skipIf(reason)(`matches a live packer fmt run on every input${skipNote(reason)}`, () => {
    const inputs = new Map(names.map((n) => [n, read('input', n)]));
    const fromPacker = packerFormatAll(inputs);
    const mismatched: string[] = [];
    for (const name of names) {
      expect(fromPacker.get(name), `committed expected output of ${name} is stale`).toBe(read('expected', name));
      const ours = formatHcl(inputs.get(name)!);
      if (!ours.ok || ours.text !== fromPacker.get(name)) mismatched.push(name);
    }
    expect(mismatched).toEqual([]);
  });

  it.skipIf(reason)(`agrees with packer fmt that the stable files need no change${skipNote(reason)}`, () => {
    const texts = new Map(stable.map((n) => [n, read('stable', n)]));
    const fromPacker = packerFormatAll(texts);
    for (const [name, text] of texts) expect(fromPacker.get(name), name).toBe(text);
  });
});
