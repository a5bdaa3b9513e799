#!/usr/bin/env node
/**
 * Precompiles every JSON Schema to standalone ajv validation code (CommonJS,
 * one file per schema) under dist/template/schema/compiled/, so the CLI and
 * the language server never compile schemas at start-up. Uses the same ajv
 * set-up as the run-time fallback (dist/template/node/ajv-setup.js). The browser
 * bundle imports the same files (scripts/build-browser.mjs).
 *
 * Usage: node scripts/compile-schemas.mjs [OUT_DIR]
 *        node scripts/compile-schemas.mjs --docs   (also rewrites docs/reference.md)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'template', 'schema');
const args = process.argv.slice(2);
const writeDocs = args.includes('--docs');
const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(dist, 'compiled'));

const { createAjv } = await import(pathToFileURL(join(root, 'dist', 'template', 'node', 'ajv-setup.js')).href);
const { allSchemaFiles, validatorKey, SCHEMA_ID_BASE } = await import(pathToFileURL(join(dist, 'catalog.js')).href);
const standaloneCode = createRequire(import.meta.url)('ajv/dist/standalone').default;

const ajv = createAjv();
let total = 0;
for (const file of allSchemaFiles()) {
  const validate = ajv.getSchema(SCHEMA_ID_BASE + file);
  if (!validate) throw new Error(`schema ${file} did not compile`);
  const code = standaloneCode(ajv, validate);
  const target = join(outDir, `${validatorKey(file)}.cjs`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
  total += code.length;
}
console.log(`compile-schemas: ${allSchemaFiles().length} validators, ${(total / 1024).toFixed(0)} KiB → ${outDir}`);

if (writeDocs) {
  // The reference reads the schemas through the engine's resources: Node's binding.
  await import(pathToFileURL(join(root, 'dist', 'template', 'node', 'bind.js')).href);
  const { renderReference } = await import(pathToFileURL(join(dist, 'reference-doc.js')).href);
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs', 'reference.md'), renderReference());
  console.log('compile-schemas: docs/reference.md written');
}
