/**
 * Loads web-tree-sitter and the HCL wasm grammar once. Loading is
 * asynchronous (wasm compilation); everything after it is synchronous, so
 * callers await {@link initHclParser} once at start-up and then parse freely.
 * The grammar's bytes come from the host (engine-resources.ts): node_modules
 * in Node, the bundle in a browser worker.
 */
import { Language, Parser } from 'web-tree-sitter';
import { engineResources } from '../engine-resources.js';
import { leafKindsOfNodeTypes, registerLeafKinds } from './syntax-node.js';

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
    throw new Error(`cannot load the HCL parser (tree-sitter-hcl.wasm): ${reason}`);
  });
  return loading;
}

async function load(): Promise<void> {
  const grammar = await engineResources().hclGrammar();
  await Parser.init(grammar.runtime);
  const language = await Language.load(grammar.language);
  registerLeafKinds(language, leafKinds(grammar.nodeTypes));
  const instance = new Parser();
  instance.setLanguage(language);
  parser = instance;
}

/**
 * The grammar's token kinds, from its node-types.json: the tree walk skips
 * looking for their children. Without it the walk just asks every node.
 */
function leafKinds(nodeTypes: unknown): Set<string> {
  try {
    return nodeTypes === undefined ? new Set() : leafKindsOfNodeTypes(nodeTypes);
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
