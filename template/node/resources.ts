/**
 * Node's binding of the engine's resources (engine-resources.ts): the
 * package's schema files, the build's precompiled validators (ajv compiles
 * a schema at run time only where none was built, as in tests from
 * source), the HCL grammar's wasm from node_modules and `yaml` through
 * `require`. Each is loaded at its first use: a one-file JSON lint reads
 * one or two schemas and never the grammar.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';
import type { EngineResources, HclGrammar } from '../engine-resources.js';
import { SCHEMA_ID_BASE, validatorKey } from '../schema/catalog.js';
import type { Validator } from '../schema/load-validator.js';
import { createAjv } from './ajv-setup.js';
import { readSchemaFile } from './schema-files.js';

const require = createRequire(import.meta.url);

const GRAMMAR_WASM = '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm';
const NODE_TYPES = '@tree-sitter-grammars/tree-sitter-hcl/src/node-types.json';

/**
 * Where the build put the precompiled validators: dist/template/schema/compiled
 * seen from dist/template/node/, or `compiled/` beside the CLI's bundle
 * (scripts/build.mjs copies it there). None from source.
 */
const compiledDirectory = ((): string | undefined => {
  for (const candidate of ['../schema/compiled/', './compiled/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
})();

/** Where the precompiled validator of a schema file is (it may not exist). */
export function compiledValidatorPath(file: string): string | undefined {
  return compiledDirectory && `${compiledDirectory}${validatorKey(file)}.cjs`;
}

let runtimeAjv: ReturnType<typeof createAjv> | undefined;

/**
 * The precompiled validators the CLI's bundle carries, by validatorKey, each
 * loaded at its first use (scripts/build.mjs injects this name; so their code
 * is in the bundle's code cache instead of compiled at each start). Not
 * defined anywhere else: from dist/ and from source, validators are files.
 */
declare const __cfBundledValidators: Record<string, () => Validator | { default: Validator }> | undefined;

function bundledValidator(file: string): Validator | undefined {
  if (typeof __cfBundledValidators === 'undefined') return undefined;
  const module = __cfBundledValidators[validatorKey(file)]?.();
  return module === undefined || typeof module === 'function' ? module : module.default;
}

function validator(file: string): Validator {
  const bundled = bundledValidator(file);
  if (bundled) return bundled;
  const path = compiledValidatorPath(file);
  if (path && existsSync(path)) {
    const module = require(path) as Validator | { default: Validator };
    return typeof module === 'function' ? module : module.default;
  }
  runtimeAjv ??= createAjv();
  const validate = runtimeAjv.getSchema(SCHEMA_ID_BASE + file);
  if (!validate) throw new Error(`no schema ${file}`);
  return validate as unknown as Validator;
}

/** Resolved through Node's module resolution: from the sources (vitest), from dist/ and from an installed package alike. */
async function hclGrammar(): Promise<HclGrammar> {
  const language = readFileSync(require.resolve(GRAMMAR_WASM));
  // The runtime's own wasm, from its package: the CLI's bundle includes
  // web-tree-sitter's JavaScript (and so its code cache), not this file.
  const runtime = { locateFile: (name: string) => require.resolve(`web-tree-sitter/${name}`) };
  return { language, nodeTypes: nodeTypes(), runtime };
}

/** The grammar's node-types.json (shipped next to the wasm); undefined when it cannot be read. */
function nodeTypes(): unknown {
  try {
    return JSON.parse(readFileSync(require.resolve(NODE_TYPES), 'utf8'));
  } catch {
    return undefined;
  }
}

let yamlModule: typeof Yaml | undefined;

export const nodeEngineResources: EngineResources = {
  schema: readSchemaFile,
  validator,
  hclGrammar,
  // Loaded at the first `yamldecode`: few templates call it, and loading it with the library cost every CLI start some 20 ms.
  yaml: () => (yamlModule ??= require('yaml') as typeof Yaml),
};
