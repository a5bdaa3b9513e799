/**
 * The build's precompiled validators: present for every schema, loaded
 * without ajv's compiler, and giving the same verdicts as compiling the
 * schemas at run time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../template/node/ajv-setup.js';
import { SCHEMA_ID_BASE, allSchemaFiles, validatorKey } from '../../template/schema/catalog.js';
import type { Validator } from '../../template/schema/load-validator.js';
import { skipNote } from '../support/requirements.js';

const built = existsSync('dist/template/node/ajv-setup.js') ? undefined : 'needs `npm run build` (dist/)';
const require = createRequire(import.meta.url);

/** Data that exercises types, enums, patterns, rules, nested blocks and coercion. */
const SAMPLES: Record<string, unknown[]> = {
  'source/chroot.json': [
    { source_image: 'a.img' },
    { source_image: 'a.img', mount_partition: 2, output_format: 'qcow' },
    { from_scratch: true },
    { source_image: 'a.img', bogus: 1, copy_files: ['/a', 'b'] },
  ],
  'source/amazon-chroot.json': [
    { ami_name: 'abc', source_ami: 'ami-1' },
    { ami_name: 'a', ami_block_device_mappings: [{ volume_size: 'x' }], kms_key_id: 'k' },
  ],
  'source/azure-chroot.json': [
    { source: 'a:b:c:d', image_resource_id: 'x', shared_image_destination: { image_version: '1' } },
  ],
  'provisioner/shell.json': [
    { inline: ['x'], pause_before: '1m' },
    { inline: ['x'], script: 'a', environment_vars: ['NOEQUALS'] },
    {},
  ],
  'legacy-template.json': [
    { builders: [{ type: 'chroot' }], _c: 1 },
    { builders: [], provisioner: [] },
  ],
};

function summary(validate: Validator, data: unknown): unknown {
  const copy = structuredClone(data); // validators coerce in place
  const valid = validate(copy);
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.schemaPath}`).sort() };
}

describe(`precompiled validators${skipNote(built)}`, () => {
  it.skipIf(built)('exist for every schema and agree with run-time compilation', () => {
    // Inside the package, so the generated code resolves ajv's runtime helpers as in dist/.
    const out = mkdtempSync(join('dist', '.schema-test-'));
    try {
      execFileSync(process.execPath, ['scripts/compile-schemas.mjs', out], { stdio: 'pipe' });
      compareAll(out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** Every generated file exists and gives the verdicts and errors of ajv compiling at run time. */
function compareAll(out: string): void {
  const ajv = createAjv();
  for (const file of allSchemaFiles()) {
    const path = join(out, `${validatorKey(file)}.cjs`);
    expect(existsSync(path), path).toBe(true);
    const compiled = require(join(process.cwd(), path)) as Validator & { default?: Validator };
    const runtime = ajv.getSchema(SCHEMA_ID_BASE + file) as unknown as Validator;
    for (const data of SAMPLES[file] ?? [{}]) {
      expect(summary(compiled.default ?? compiled, data), `${file} ${JSON.stringify(data)}`).toEqual(
        summary(runtime, data),
      );
    }
  }
}

describe(`start-up path${skipNote(built)}`, () => {
  it.skipIf(built)('one-file validation from dist loads no schema compiler', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('./dist/template/node/bind.js');
      const { validateBody } = await import('./dist/template/schema/validate-body.js');
      const { parseJson } = await import('./dist/template/json/parse-json.js');
      const file = parseJson('t.json', '{"source_image": "a.img", "mount_partiton": "1"}');
      const evaluate = (e) => e.type === 'literal' ? e.value : e.parts.map((p) => p.value).join('');
      const d = validateBody(file.body, { kind: 'source', type: 'chroot' }, { file: 't.json', syntax: 'json', evaluate });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ codes: d.map((x) => x.code), compiler: loaded.filter((p) => /ajv[\\\\/]dist[\\\\/](core|2020|compile[\\\\/]index)\\.js$/.test(p)) }));`;
    const result = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    );
    expect(result).toEqual({ codes: ['unknown-field'], compiler: [] });
  });
});
