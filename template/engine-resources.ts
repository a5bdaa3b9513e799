/**
 * What the engine needs from where it runs, besides the text it is given:
 * the JSON Schemas, their precompiled validators, the HCL grammar's wasm
 * and the `yaml` package. The engine does no I/O and names no platform;
 * each host binds these once before use:
 * - Node: `template/node/` (importing `chrootforge/template/node` binds them:
 *   files of the package, `require`, bytes read from node_modules), lazily,
 *   so a one-file lint loads only what it touches;
 * - a browser worker: `template/browser/`, from the bundle's own imports
 *   (schemas and validators as modules, the grammar as bytes).
 */
import type { Parser } from 'web-tree-sitter';
import type * as Yaml from 'yaml';
import type { Validator } from './schema/load-validator.js';
import type { JsonSchema } from './schema/schema-types.js';

/** The HCL grammar for web-tree-sitter. */
export interface HclGrammar {
  /** The grammar's wasm (tree-sitter-hcl.wasm). */
  language: Uint8Array;
  /**
   * Options for web-tree-sitter's runtime (`Parser.init`): where its own
   * wasm is (`locateFile`, `wasmBinary`); none in Node, which finds it
   * next to the module.
   */
  runtime?: Parameters<typeof Parser.init>[0];
  /** The grammar's node-types.json, parsed; without it the tree walk asks every node for children. */
  nodeTypes?: unknown;
}

export interface EngineResources {
  /** One file of `schemas/` (its path there, e.g. `source/chroot.json`), parsed; the same object at every call. */
  schema(file: string): JsonSchema;
  /** The validator of one schema file (precompiled ajv standalone code, or compiled now where ajv can be). */
  validator(file: string): Validator;
  /** The HCL grammar; asked once, by `initTemplateEngine()`. */
  hclGrammar(): Promise<HclGrammar>;
  /** The `yaml` package, asked at the first `yamldecode`. */
  yaml(): typeof Yaml;
}

let bound: EngineResources | undefined;

/** Binds the engine to a host's resources (a later binding replaces an earlier one). */
export function bindEngineResources(resources: EngineResources): void {
  bound = resources;
}

/** The bound resources; a clear error when no host bound them. */
export function engineResources(): EngineResources {
  if (!bound)
    throw new Error(
      'the chrootforge template engine has no resources bound: import chrootforge/template/node (Node) or call bindEngineResources() (browser)',
    );
  return bound;
}
