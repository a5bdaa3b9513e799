/**
 * Validators by schema file, from the host's resources (template/node/
 * loads the build's precompiled standalone code, or compiles the schema
 * with ajv when there is none; a browser bundle imports the precompiled
 * code). Kept once per file.
 */
import { engineResources } from '../engine-resources.js';

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

const loaded = new Map<string, Validator>();

/** The validator of one schema file (relative to `schemas/`). */
export function validatorFor(file: string): Validator {
  let validate = loaded.get(file);
  if (!validate) {
    validate = engineResources().validator(file);
    loaded.set(file, validate);
  }
  return validate;
}
