/**
 * The model of every corpus and broken fixture (ranges included), and of
 * deterministically damaged corpus texts, compared with a committed
 * snapshot: restructuring the parser for speed must not change its output.
 * A missing snapshot fails; a difference is listed path by path.
 *
 * Regenerate (only when a change of output is intended):
 * `CHROOTFORGE_UPDATE_SNAPSHOTS=1 npx vitest run test/hcl/model-snapshot.test.ts`
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { expectJsonSnapshot } from '../support/json-snapshot.js';
import { generatedTemplate } from './support/generated-template.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/hcl');
const SNAPSHOT = join(FIXTURES, 'snapshot/models.json');
const DAMAGED_SNAPSHOT = join(FIXTURES, 'snapshot/damaged-hashes.json');
const TEST_FILE = 'test/hcl/model-snapshot.test.ts';

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
    expectJsonSnapshot(SNAPSHOT, models, { testFile: TEST_FILE, indent: 1 });
  });

  it('damaged corpus texts give the committed model (hashed)', () => {
    const texts = damagedTexts(
      fixtureTexts('corpus').map(([, text]) => text),
      600,
    );
    const hashes = texts.map((text) =>
      createHash('sha256').update(model('d.pkr.hcl', text)).digest('hex').slice(0, 16),
    );
    // A difference names the damaged input by its index: texts[i] is its text.
    expectJsonSnapshot(DAMAGED_SNAPSHOT, hashes, { testFile: TEST_FILE, indent: 0 });
  });
});
