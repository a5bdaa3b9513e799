/**
 * Files with syntax errors: packer fmt refuses them, and so must we, with a
 * diagnostic at the fault instead of formatted text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHcl, FORMAT_SYNTAX_CODE } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { packerBatch, packerMissing } from './packer-reference.js';

const dir = join(import.meta.dirname, '../fixtures/fmt/invalid');
const names = readdirSync(dir).sort();
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

describe('fmt refuses syntax errors', () => {
  it.each(names)('%s yields an error diagnostic with a position', (name) => {
    const text = read(name);
    const result = formatHcl(text, name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ file: name, severity: 'error', code: FORMAT_SYNTAX_CODE });
    expect(d!.message.length).toBeGreaterThan(10);
    expect(d!.range.start.line).toBeLessThan(text.split('\n').length);
  });

  it('points at the fault', () => {
    const result = formatHcl('locals {\n  a = 1 b = 2\n}\n', 'x.pkr.hcl');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]!.range.start).toEqual({ line: 1, character: 8 });
    expect(result.diagnostics[0]!.message).toMatch(/newline after argument/);
  });

  it('reports a redefined attribute at its second definition', () => {
    const result = formatHcl('a = 1\na = 2\n');
    expect(!result.ok && result.diagnostics[0]!.range.start).toEqual({ line: 1, character: 0 });
  });

  const reason = packerMissing();
  it.skipIf(reason)(`agrees with packer fmt on every invalid fixture${skipNote(reason)}`, () => {
    const { refused } = packerBatch(new Map(names.map((n) => [n, read(n)])));
    expect(names.filter((n) => !refused.has(n))).toEqual([]);
  });
});
