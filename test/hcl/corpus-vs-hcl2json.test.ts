/**
 * Every corpus file parsed by us and by HashiCorp's HCL parser (compiled to
 * wasm in @cdktf/hcl2json) must agree on block structure, labels, attribute
 * names, literal values, string pieces and block order within each group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { bodyShape, compareShapes } from './support/hcl2json-shape.js';

const CORPUS = join(import.meta.dirname, '../fixtures/hcl/corpus');
const files = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.hcl'))
  .sort();

beforeAll(async () => {
  await initHclParser();
});

describe('HCL corpus against @cdktf/hcl2json', () => {
  it('has at least 20 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s parses without diagnostics and matches hcl2json', async (name) => {
    const text = readFileSync(join(CORPUS, name), 'utf8');
    const ours = parseHcl(name, text);
    expect(ours.diagnostics).toEqual([]);
    const theirs = await hcl2json(name, text);
    expect(compareShapes(bodyShape(ours.body), theirs)).toEqual([]);
  });
});

describe('block order as written', () => {
  // hcl2json groups blocks by type and label, so it cannot show the order
  // across types; the model must keep it exactly.
  it('keeps provisioners and post-processors in source order across types', () => {
    const name = 'build-provisioner-order.pkr.hcl';
    const build = parseHcl(name, readFileSync(join(CORPUS, name), 'utf8')).body.blocks.find((b) => b.type === 'build')!;
    expect(build.body.blocks.map((b) => `${b.type}:${b.labels[0]?.value}`)).toEqual([
      'provisioner:shell',
      'provisioner:file',
      'provisioner:shell-local',
      'provisioner:shell',
      'provisioner:file',
      'provisioner:shell',
      'post-processor:checksum',
      'post-processor:manifest',
    ]);
    const lines = build.body.blocks.map((b) => b.range.start.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
