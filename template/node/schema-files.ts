/**
 * Reads the package's own JSON Schema files. They ship beside `dist/` (see
 * package.json `files`), so the directory is found relative to this module
 * both when running from source (`template/node/`) and from `dist/` (the
 * CLI's bundle sits at the same depth). Node's side of the engine's schema
 * resource (engine-resources.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { JsonSchema } from '../schema/schema-types.js';

let schemaDir: string | undefined;
const cache = new Map<string, JsonSchema>();

/** The `schemas/` directory of this package. */
export function schemasDirectory(): string {
  if (schemaDir) return schemaDir;
  const here = fileURLToPath(new URL('.', import.meta.url));
  // Source: template/node → ../../schemas; built: dist/template/node (or dist/cli/bundle) → ../../../schemas.
  for (const candidate of [join(here, '../../schemas'), join(here, '../../../schemas')]) {
    if (existsSync(join(candidate, 'source', 'chroot.json'))) {
      schemaDir = candidate;
      return candidate;
    }
  }
  throw new Error(`chrootforge schemas not found near ${here}`);
}

/** One schema file, parsed once and cached. `file` is relative to `schemas/`. */
export function readSchemaFile(file: string): JsonSchema {
  let schema = cache.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(schemasDirectory(), file), 'utf8')) as JsonSchema;
    cache.set(file, schema);
  }
  return schema;
}
