/**
 * Validators by schema file, loaded lazily. The build precompiles every
 * schema to standalone CommonJS (dist/template/schema/compiled/*.cjs), which
 * loads in about a millisecond; from source (tests), or if a compiled file
 * is missing, the schema is compiled here with the same ajv options.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCHEMA_ID_BASE, validatorKey } from './catalog.js';
import { createAjv } from './ajv-setup.js';

/** The parts of an ajv error this package reads. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A validation function: true when valid, else `errors` holds the defects. */
export interface Validator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Validator>();
let runtimeAjv: ReturnType<typeof createAjv> | undefined;

/** Where the precompiled validator of a schema file lives, next to this module. */
export function compiledValidatorPath(file: string): string {
  return fileURLToPath(new URL(`./compiled/${validatorKey(file)}.cjs`, import.meta.url));
}

/** The validator of one schema file (relative to `schemas/`). */
export function validatorFor(file: string): Validator {
  let validate = loaded.get(file);
  if (!validate) {
    validate = loadCompiled(file) ?? compileNow(file);
    loaded.set(file, validate);
  }
  return validate;
}

function loadCompiled(file: string): Validator | undefined {
  const path = compiledValidatorPath(file);
  if (!existsSync(path)) return undefined;
  const module = require(path) as Validator | { default: Validator };
  return typeof module === 'function' ? module : module.default;
}

function compileNow(file: string): Validator {
  runtimeAjv ??= createAjv();
  const validate = runtimeAjv.getSchema(SCHEMA_ID_BASE + file);
  if (!validate) throw new Error(`no schema ${file}`);
  return validate as unknown as Validator;
}
