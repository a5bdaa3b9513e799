#!/usr/bin/env node
/**
 * `npm run vsix`: packages the VS Code extension in client/ into
 * dist/chrootforge.vsix, offline.
 *
 * 1. esbuild bundles client/src/extension.ts and vscode-languageclient into
 *    one CommonJS file (client/out/extension.js): the .vsix needs no
 *    node_modules, and vsce need not run npm (--no-dependencies).
 * 2. scripts/build-browser.mjs writes the browser entry and its server worker
 *    (client/out/browser.js, client/out/server/; needs `npm run build`).
 * 3. @vscode/vsce packages client/ (its package.json `files` lists what goes
 *    in). Nothing here touches the network.
 *
 * The language server is not bundled: node mode runs the chrootforge the
 * user installed (chrootforge.server.path, the workspace's node_modules or
 * PATH), docker mode runs the image. See README, "Editors, Docker and CI".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'client');
const out = resolve(root, process.argv[2] ?? 'dist/chrootforge.vsix');
const require = createRequire(import.meta.url);

const { build } = await import('esbuild');
rmSync(join(client, 'out'), { recursive: true, force: true });
await build({
  entryPoints: [join(client, 'src', 'extension.ts')],
  outfile: join(client, 'out', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.91 ships Node 20.
  target: 'node20',
  // Provided by VS Code at run time.
  external: ['vscode'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// The browser entry (vscode.dev, github.dev) and its server worker: client/out/browser.js, client/out/server/.
execFileSync(process.execPath, [join(root, 'scripts/build-browser.mjs')], { cwd: root, stdio: 'inherit' });

mkdirSync(dirname(out), { recursive: true });
rmSync(out, { force: true });
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out],
  {
    cwd: client,
    stdio: ['ignore', 'inherit', 'inherit'],
    // vsce checks for a newer version of itself unless told not to.
    env: { ...process.env, VSCE_STORE: 'file', npm_config_update_notifier: 'false' },
  },
);
console.log(`vsix: ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
