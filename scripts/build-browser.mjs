#!/usr/bin/env node
/**
 * `npm run build:browser` (after `npm run build`): the language server as a
 * Web Worker, the playground page and the VS Code extension's browser
 * entry, offline (esbuild and files from node_modules only).
 *
 * dist/browser/server.js       the worker: server/browser/start-server.ts over
 *                              the same server/ and template/ as the CLI
 * dist/browser/*.wasm          web-tree-sitter's runtime and the HCL grammar
 * dist/playground/             the page: index.html, playground.js/.css (Monaco
 *                              and a thin LSP bridge), editor.worker.js, the
 *                              server worker and its wasm
 * client/out/browser.js        the extension's `browser` entry (vscode.dev,
 * client/out/server/           github.dev) and its server worker
 *
 * The worker's entry is written here: it imports every JSON Schema and its
 * precompiled validator (dist/template/schema/compiled, from
 * scripts/compile-schemas.mjs) as modules and hands them to the engine
 * (template/browser/resources.ts); the grammar's wasm is fetched as bytes
 * from beside the worker. Shared server code imports
 * `vscode-languageserver/node`; here that is aliased to the library's
 * browser build, the same API over message ports.
 *
 * Prints the size of each output against the budget in README.md and fails
 * when one is over it.
 */
import { gzipSync } from 'node:zlib';
import {
  copyFileSync,
  readFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const compiled = join(root, 'dist/template/schema/compiled');
if (!existsSync(compiled)) {
  console.error('build-browser: run `npm run build` first (no precompiled validators in dist/)');
  process.exit(2);
}

/** Size budgets, in KiB of uncompressed output (README.md, "In a browser"). */
/** @type {Record<string, number>} */
const BUDGET = {
  'dist/browser/server.js': 1400,
  'dist/playground (everything)': 6000,
  'client/out/browser.js': 600,
};

const { allSchemaFiles, validatorKey } = await import(
  pathToFileURL(join(root, 'dist/template/schema/catalog.js')).href
);

/** The worker's entry: the assets as imports, handed to startBrowserServer. */
function workerEntry() {
  /** @type {string[]} */
  const files = allSchemaFiles();
  const lines = [
    "import { startBrowserServer } from './server/browser/start-server.ts';",
    "import * as yaml from 'yaml';",
    "import nodeTypes from '@tree-sitter-grammars/tree-sitter-hcl/src/node-types.json';",
  ];
  files.forEach((file, i) => {
    lines.push(`import schema${i} from './schemas/${file}';`);
    lines.push(`import validator${i} from './${relative(root, join(compiled, `${validatorKey(file)}.cjs`))}';`);
  });
  /** @param {string} prefix */
  const map = (prefix) => `{ ${files.map((f, i) => `${JSON.stringify(f)}: ${prefix}${i}`).join(', ')} }`;
  lines.push(
    '// The wasm files sit beside this worker (self.location is its own URL).',
    'const bytes = async (name) => {',
    '  const response = await fetch(new URL(name, self.location.href));',
    '  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);',
    '  return new Uint8Array(await response.arrayBuffer());',
    '};',
    'const hclGrammar = async () => {',
    "  const [language, runtime] = await Promise.all([bytes('tree-sitter-hcl.wasm'), bytes('web-tree-sitter.wasm')]);",
    '  return { language, nodeTypes, runtime: { wasmBinary: runtime } };',
    '};',
    `startBrowserServer(self, { schemas: ${map('schema')}, validators: ${map('validator')}, yaml, hclGrammar });`,
  );
  return lines.join('\n');
}

/** @satisfies {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: true,
  legalComments: /** @type {const} */ ('none'),
  logLevel: /** @type {const} */ ('warning'),
  target: 'es2022',
  // ESM builds of dependencies (jsonc-parser's UMD build requires files at run time).
  mainFields: ['browser', 'module', 'main'],
  alias: { 'vscode-languageserver/node': 'vscode-languageserver/browser' },
  define: { 'process.env.NODE_ENV': '"production"' },
};

/**
 * Monaco's package exports only its `.js` files; its stylesheets are found under esm/vs/ all the same.
 * @type {import('esbuild').Plugin}
 */
const monacoStylesheets = {
  name: 'monaco-stylesheets',
  setup(build) {
    const esm = join(dirname(require.resolve('monaco-editor/editor/editor.api.js')), '..');
    build.onResolve({ filter: /^monaco-editor\/.*\.css$/ }, (args) => ({
      path: join(esm, args.path.slice('monaco-editor/'.length)),
    }));
  },
};

/**
 * The server worker into `outDir`, with its wasm.
 * @param {string} outDir
 */
async function buildWorker(outDir) {
  mkdirSync(outDir, { recursive: true });
  await build({
    ...common,
    stdin: { contents: workerEntry(), resolveDir: root, sourcefile: 'server-worker-entry.js', loader: 'js' },
    outfile: join(outDir, 'server.js'),
    format: 'iife',
    platform: 'browser',
    // web-tree-sitter's emscripten code asks for Node's modules only when it runs in Node.
    external: ['fs/promises', 'module', 'path', 'fs', 'url'],
    // An IIFE has no import.meta; the worker's own URL stands in (emscripten locates files from it).
    define: { ...common.define, 'import.meta.url': 'self.location.href' },
  });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(outDir, 'web-tree-sitter.wasm'));
  copyFileSync(
    require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'),
    join(outDir, 'tree-sitter-hcl.wasm'),
  );
}

const browserDir = join(root, 'dist/browser');
rmSync(browserDir, { recursive: true, force: true });
await buildWorker(browserDir);

// The playground: Monaco, the LSP bridge, the examples; the worker copied beside it.
const playgroundDir = join(root, 'dist/playground');
rmSync(playgroundDir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: {
    playground: join(root, 'playground/src/main.ts'),
    'editor.worker': require.resolve('monaco-editor/editor/editor.worker.start.js'),
  },
  outdir: playgroundDir,
  format: 'esm',
  platform: 'browser',
  loader: { '.ttf': 'file', '.pkr.hcl': 'text', '.json': 'json' },
  assetNames: '[name]',
  plugins: [monacoStylesheets],
});
copyFileSync(join(root, 'playground/index.html'), join(playgroundDir, 'index.html'));
for (const name of readdirSync(browserDir)) copyFileSync(join(browserDir, name), join(playgroundDir, name));

// The VS Code extension's browser entry (a CommonJS module for the web extension host) and its worker.
const clientOut = join(root, 'client/out');
await build({
  ...common,
  entryPoints: [join(root, 'client/src/browser.ts')],
  outfile: join(clientOut, 'browser.js'),
  format: 'cjs',
  platform: 'browser',
  external: ['vscode'],
});
rmSync(join(clientOut, 'server'), { recursive: true, force: true });
mkdirSync(join(clientOut, 'server'), { recursive: true });
for (const name of readdirSync(browserDir)) copyFileSync(join(browserDir, name), join(clientOut, 'server', name));

// Sizes against the budget.
/** @param {string} path */
const kib = (path) => statSync(path).size / 1024;
/** @param {string} dir */
const dirKib = (dir) => readdirSync(dir).reduce((n, name) => n + kib(join(dir, name)), 0);
/** @type {Record<string, number>} */
const sizes = {
  'dist/browser/server.js': kib(join(browserDir, 'server.js')),
  'dist/playground (everything)': dirKib(playgroundDir),
  'client/out/browser.js': kib(join(clientOut, 'browser.js')),
};
let over = false;
for (const [what, size] of Object.entries(sizes)) {
  const budget = BUDGET[what] ?? 0;
  const ok = size <= budget;
  over ||= !ok;
  console.log(`build-browser: ${what} ${size.toFixed(0)} KiB (budget ${budget} KiB)${ok ? '' : ' OVER BUDGET'}`);
}
console.log(
  `build-browser: wasm ${(kib(join(browserDir, 'web-tree-sitter.wasm')) + kib(join(browserDir, 'tree-sitter-hcl.wasm'))).toFixed(0)} KiB; playground files: ${readdirSync(playgroundDir).join(' ')}`,
);
const gzipKib = readdirSync(playgroundDir).reduce(
  (n, name) => n + gzipSync(readFileSync(join(playgroundDir, name))).length / 1024,
  0,
);
console.log(`build-browser: the playground as a server would send it compressed (gzip): ${gzipKib.toFixed(0)} KiB`);
writeFileSync(join(playgroundDir, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
if (over) process.exit(1);
