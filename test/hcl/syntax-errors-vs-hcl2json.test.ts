/**
 * Syntax errors of broken files: ours must be HCL's own (as @cdktf/hcl2json,
 * HashiCorp's parser in wasm, reports them) — same summary, same place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { ourErrors, referenceErrors } from './support/hcl2json-errors.js';

const BROKEN = join(import.meta.dirname, '../fixtures/hcl/broken');
const files = readdirSync(BROKEN)
  .filter((name) => name.endsWith('.hcl'))
  .sort();

beforeAll(async () => {
  await initHclParser();
});

describe('syntax errors against @cdktf/hcl2json', () => {
  it('has a corpus of broken files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s: same errors at the same places', async (name) => {
    const text = readFileSync(join(BROKEN, name), 'utf8');
    const expected = await referenceErrors(name, text);
    expect(expected.length).toBeGreaterThan(0);
    expect(ourErrors(parseHcl(name, text))).toEqual(expected);
  });
});
