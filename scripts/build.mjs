#!/usr/bin/env node
// Builds dist/:
//  1. tsc compiles every module (the library entry points in package.json
//     `exports` are these modules);
//  2. the schema precompiler writes ajv standalone validators;
//  3. esbuild bundles the CLI entry into dist/cli/main.js plus a few lazily
//     loaded chunks. Start-up of a one-file lint is mostly module loading:
//     one bundle instead of ~110 files keeps `chrootforge validate` close to
//     `packer validate` (see bench/lint).
// A type error fails the build, in every environment: half-checked JavaScript
// in dist/ would be tested and shipped as if it were the code that was read.
// (tsconfig.build.json: the library only; `npm run typecheck` covers the rest.)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { directImports } from './direct-imports.mjs';

/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
try {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
} catch {
  console.error('build: type errors above; nothing was bundled');
  process.exit(1);
}
if (existsSync('scripts/compile-schemas.mjs')) run(process.execPath, ['scripts/compile-schemas.mjs']);

// Bundle into a fresh directory, then swap it in and replace the entry with
// a stub atomically (renames), so a CLI started meanwhile never sees a gap.
rmSync('dist/cli/bundle.next', { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'dist/cli/bundle.next',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies (jsonc-parser's UMD build requires files at run time).
  mainFields: ['module', 'main'],
  // web-tree-sitter finds its own wasm next to its module file.
  external: ['web-tree-sitter'],
  banner: {
    js: "import { createRequire as __cfCreateRequire } from 'node:module'; const require = __cfCreateRequire(import.meta.url);",
  },
  // cli/ and server/ import the engine through template/index.js; bundled, each name comes from its own module.
  plugins: [directImports(resolve('dist/template/index.js'), resolve('dist'))],
  logLevel: 'error',
});
// Found relative to the module at run time: the precompiled validators.
cpSync('dist/template/schema/compiled', 'dist/cli/bundle.next/compiled', { recursive: true });
rmSync('dist/cli/bundle', { recursive: true, force: true });
renameSync('dist/cli/bundle.next', 'dist/cli/bundle');
writeFileSync('dist/cli/main.js.next', "#!/usr/bin/env node\nimport './bundle/main.js';\n", { mode: 0o755 });
renameSync('dist/cli/main.js.next', 'dist/cli/main.js');
