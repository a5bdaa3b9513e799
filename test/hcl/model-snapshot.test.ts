/**
 * The model of every corpus and broken fixture (ranges included), and of
 * deterministically damaged corpus texts, compared with a committed
 * snapshot: restructuring the parser for speed must not change its output.
 *
 * Regenerate (only when a change of output is intended):
 * `UPDATE_HCL_SNAPSHOT=1 npx vitest run test/hcl/model-snapshot.test.ts`
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { generatedTemplate } from './support/generated-template.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/hcl');
const SNAPSHOT = join(FIXTURES, 'snapshot/models.json');
const DAMAGED_SNAPSHOT = join(FIXTURES, 'snapshot/damaged-hashes.json');
const UPDATE = process.env.UPDATE_HCL_SNAPSHOT === '1';

function fixtureTexts(dir: string): Array<[string, string]> {
  return readdirSync(join(FIXTURES, dir))
    .filter((name) => name.endsWith('.hcl'))
    .sort()
    .map((name) => [`${dir}/${name}`, readFileSync(join(FIXTURES, dir, name), 'utf8')]);
}

const NOISE = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '=',
  '\n',
  '${',
  '%{',
  '~',
  '.',
  ',',
  ':',
  '?',
  '#',
  '\\',
  'é',
  ' ',
  'x',
  '1',
  '!',
  '-',
  '*',
  '/',
  '<<EOF\n',
  "'",
  ';',
  '::',
  '\r\n',
  '%{ endif }',
  '${a.b[*].c}',
];

/** Deterministic damage (a small LCG, fixed seed). */
function damagedTexts(texts: string[], count: number): string[] {
  let state = 20261125;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 8;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = texts[next() % texts.length]!;
    const at = next() % (text.length + 1);
    const length = next() % 7;
    let insert = '';
    for (let n = next() % 4; n > 0; n--) insert += NOISE[next() % NOISE.length];
    out.push(text.slice(0, at) + insert + text.slice(at + length));
  }
  return out;
}

function model(path: string, text: string): string {
  return JSON.stringify(parseHcl(path, text));
}

beforeAll(async () => {
  await initHclParser();
});

describe('model snapshot', () => {
  const inputs = [...fixtureTexts('corpus'), ...fixtureTexts('broken')];
  const generated = generatedTemplate(120);
  inputs.push(
    ['generated.pkr.hcl', generated],
    ['generated-broken.pkr.hcl', generated.replace('mount_partition = "1"', 'mount_partition = ')],
  );

  it('corpus, broken fixtures and a generated template give the committed model', () => {
    const models: Record<string, unknown> = {};
    for (const [name, text] of inputs) models[name] = JSON.parse(model(name, text)) as unknown;
    if (UPDATE || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, JSON.stringify(models, null, 1) + '\n');
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(models)).toEqual(Object.keys(expected));
    for (const name of Object.keys(models)) expect(models[name], name).toEqual(expected[name]);
  });

  it('damaged corpus texts give the committed model (hashed)', () => {
    const texts = damagedTexts(
      fixtureTexts('corpus').map(([, text]) => text),
      600,
    );
    const hashes = texts.map((text) =>
      createHash('sha256').update(model('d.pkr.hcl', text)).digest('hex').slice(0, 16),
    );
    if (UPDATE || !existsSync(DAMAGED_SNAPSHOT))
      writeFileSync(DAMAGED_SNAPSHOT, JSON.stringify(hashes, null, 0) + '\n');
    const expected = JSON.parse(readFileSync(DAMAGED_SNAPSHOT, 'utf8')) as string[];
    const differing = hashes.flatMap((hash, i) => (hash === expected[i] ? [] : [i]));
    expect(differing, 'damaged inputs whose model changed').toEqual([]);
  });
});
