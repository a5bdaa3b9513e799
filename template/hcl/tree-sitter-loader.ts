/**
 * Loads web-tree-sitter and the HCL wasm grammar once per process. Loading
 * is asynchronous (wasm compilation); everything after it is synchronous, so
 * callers await {@link initHclParser} once at start-up and then parse freely.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';
import { leafKindsOfNodeTypes, registerLeafKinds } from './syntax-node.js';

const GRAMMAR_WASM = '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm';
const NODE_TYPES = '@tree-sitter-grammars/tree-sitter-hcl/src/node-types.json';

let loading: Promise<void> | undefined;
let parser: Parser | undefined;

/**
 * Loads the parser runtime and the HCL grammar. Safe to call many times and
 * concurrently: the work is done once.
 */
export function initHclParser(): Promise<void> {
  loading ??= load().catch((err: unknown) => {
    // Let a later call retry instead of caching the failure forever.
    loading = undefined;
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot load the HCL parser (${GRAMMAR_WASM}): ${reason}`);
  });
  return loading;
}

async function load(): Promise<void> {
  // Resolved through node's module resolution, so it works from the sources
  // (vitest), from dist/ and from an installed package alike.
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve(GRAMMAR_WASM));
  registerLeafKinds(language, leafKinds(require));
  const instance = new Parser();
  instance.setLanguage(language);
  parser = instance;
}

/**
 * The grammar's token kinds, from its node-types.json (shipped next to the
 * wasm): the tree walk skips looking for their children. Without the file
 * the walk just asks every node.
 */
function leafKinds(require: NodeJS.Require): Set<string> {
  try {
    return leafKindsOfNodeTypes(JSON.parse(readFileSync(require.resolve(NODE_TYPES), 'utf8')));
  } catch {
    return new Set();
  }
}

/** The loaded parser; a clear error when {@link initHclParser} was not awaited. */
export function hclParser(): Parser {
  if (!parser) {
    throw new Error('the HCL parser is not loaded: await initHclParser() before calling parseHcl()');
  }
  return parser;
}
