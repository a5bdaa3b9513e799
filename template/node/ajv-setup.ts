/**
 * The one ajv configuration, shared by the build-time precompiler
 * (scripts/compile-schemas.mjs) and the run-time fallback, so compiled and
 * interpreted validation give the same verdicts. ajv is loaded on demand:
 * importing this module costs nothing at start-up.
 */
import { createRequire } from 'node:module';
import type { Options } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMA_ID_BASE, allSchemaFiles } from '../schema/catalog.js';
import { readSchemaFile } from './schema-files.js';
import { ANNOTATION_KEYWORDS } from '../schema/schema-types.js';

/**
 * Options for validating template bodies. `coerceTypes`: Packer converts
 * scalars the way ajv does (HCL through cty, JSON through mapstructure's
 * weak decoding), so `mount_partition = 1` is as valid as `"1"`.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  coerceTypes: true,
  strict: true,
  strictTuples: false,
  strictRequired: false,
  strictTypes: false,
  useDefaults: false,
  code: { source: true, esm: false, lines: false },
};

/** A new ajv (JSON Schema 2020-12) with every chrootforge schema added. */
export function createAjv(): Ajv2020 {
  const require = createRequire(import.meta.url);
  const AjvClass = (require('ajv/dist/2020') as { Ajv2020: typeof Ajv2020 }).Ajv2020;
  const ajv = new AjvClass(AJV_OPTIONS);
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  for (const file of allSchemaFiles()) {
    ajv.addSchema(readSchemaFile(file), SCHEMA_ID_BASE + file);
  }
  return ajv;
}
