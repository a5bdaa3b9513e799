/**
 * The engine's resources in a browser (engine-resources.ts), from what the
 * bundle imported: the JSON Schemas and their precompiled ajv validators as
 * modules, the HCL grammar's wasm as bytes fetched from the bundle's
 * directory, `yaml` as a module. scripts/build-browser.mjs writes the entry
 * that gathers them.
 */
import type * as Yaml from 'yaml';
import type { EngineResources, HclGrammar } from '../engine-resources.js';
import type { Validator } from '../schema/load-validator.js';
import type { JsonSchema } from '../schema/schema-types.js';

export interface BundledAssets {
  /** Every file of `schemas/` by its path there (`source/chroot.json`). */
  schemas: Record<string, JsonSchema>;
  /** The precompiled validator of each schema file, by the same key (a CommonJS module: the function or `{ default }`). */
  validators: Record<string, Validator | { default: Validator }>;
  /** The grammar: its wasm's bytes and web-tree-sitter's runtime options (where its own wasm is). */
  hclGrammar: () => Promise<HclGrammar>;
  yaml: typeof Yaml;
}

export function browserEngineResources(assets: BundledAssets): EngineResources {
  return {
    schema(file) {
      const schema = assets.schemas[file];
      if (!schema) throw new Error(`no schema ${file} in the bundle`);
      return schema;
    },
    validator(file) {
      const module = assets.validators[file];
      if (!module) throw new Error(`no validator for ${file} in the bundle`);
      return typeof module === 'function' ? module : module.default;
    },
    hclGrammar: assets.hclGrammar,
    yaml: () => assets.yaml,
  };
}
