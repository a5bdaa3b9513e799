#!/usr/bin/env node
// Builds dist/:
//  1. tsc compiles every module (the library entry points in package.json
//     `exports` are these modules);
//  2. the schema precompiler writes ajv standalone validators;
//  3. esbuild bundles the CLI into dist/cli/bundle/main.cjs and its launcher
//     into dist/cli/main.js, and a training run writes the bundle's V8 code
//     cache. Start-up of a one-file lint is mostly loading and compiling
//     code: one cached bundle instead of ~110 files keeps `chrootforge
//     validate` ahead of `packer validate` (see bench/lint).
// A type error fails the build, in every environment: half-checked JavaScript
// in dist/ would be tested and shipped as if it were the code that was read.
// (tsconfig.build.json: the library only; `npm run typecheck` covers the rest.)
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

// Bundle into a fresh directory, then swap it in and replace the entry
// atomically (renames), so a CLI started meanwhile never sees a gap.
//  - bundle/main.cjs: the whole CLI as one CommonJS file (cli/launch.ts runs
//    it with V8's code cache; one file instead of ES module chunks: Node's
//    ES module loader was a third of a one-file validate). Dynamic imports
//    become lazy initializers: a command's code runs only when invoked, and
//    web-tree-sitter's only when HCL is read (its wasm stays in its package).
//  - main.js: cli/launch.ts (V8 flags, then the bundle).
//  - bundle/main.<build>.v8-cache: written by a training run of validate.
const buildId = randomBytes(6).toString('hex');
const bundledValidators = writeBundledValidators('dist/template/schema/compiled', 'dist/cli/bundled-validators.mjs');
rmSync('dist/cli/bundle.next', { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'dist/cli/bundle.next',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  // Fewer bytes to read at each start (2.0 -> 1.4 MB); names are kept, so a stack trace still reads.
  minifyWhitespace: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies (jsonc-parser's UMD build requires files at run time).
  mainFields: ['module', 'main'],
  // web-tree-sitter's CommonJS build: its ES module build import()s node:module,
  // and V8 loses a script's dynamic-import handler when it comes from the code cache.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  // The engine finds its files relative to its module (schemas, validators).
  define: { 'import.meta.url': '__cfModuleUrl' },
  banner: {
    js: `// chrootforge build ${buildId}\nconst __cfModuleUrl = require('node:url').pathToFileURL(__filename).href;`,
  },
  // template/node/resources.ts asks this name for the precompiled validators (lazy requires, bundled).
  inject: [bundledValidators],
  // cli/ and server/ import the engine through template/index.js; bundled, each name comes from its own module.
  plugins: [directImports(resolve('dist/template/index.js'), resolve('dist'))],
  logLevel: 'error',
});
await build({
  entryPoints: ['dist/cli/launch.js'],
  outfile: 'dist/cli/main.js.next',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'error',
});
// Found relative to the module at run time: the precompiled validators.
cpSync('dist/template/schema/compiled', 'dist/cli/bundle.next/compiled', { recursive: true });
rmSync('dist/cli/bundle', { recursive: true, force: true });
renameSync('dist/cli/bundle.next', 'dist/cli/bundle');
chmodSync('dist/cli/main.js.next', 0o755);
renameSync('dist/cli/main.js.next', 'dist/cli/main.js');
trainCodeCache();

/**
 * Writes the module that gives the bundle its precompiled validators:
 * `__cfBundledValidators[key]` requires `compiled/<key>.cjs` at its first
 * call. Returns its path.
 * @param {string} compiledDir @param {string} out
 */
function writeBundledValidators(compiledDir, out) {
  /** @type {string[]} */
  const keys = [];
  /** @param {string} dir @param {string} prefix */
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.cjs')) keys.push(`${prefix}${entry.name.slice(0, -'.cjs'.length)}`);
    }
  };
  walk(compiledDir, '');
  const entries = keys.map(
    (k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(`${resolve(compiledDir)}/${k}.cjs`)}),`,
  );
  writeFileSync(out, `export const __cfBundledValidators = {\n${entries.join('\n')}\n};\n`);
  return out;
}

/**
 * Runs validate on an HCL and a legacy JSON template (written here: the
 * container build has no fixtures) with CHROOTFORGE_WRITE_CODE_CACHE=1: the
 * bytecode of what a validate compiles is saved beside the bundle. Without
 * it the CLI still runs, only slower to start; so a failed training run only
 * says so.
 */
function trainCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), 'chrootforge-train-'));
  try {
    const hcl = join(dir, 'train.pkr.hcl');
    const json = join(dir, 'train.json');
    writeFileSync(
      hcl,
      `variable "size" {
  type    = string
  default = "1G"
}
locals {
  out = "\${path.root}/out"
}
source "chroot" "a" {
  from_scratch       = true
  image_size         = var.size
  pre_mount_commands = ["sfdisk {{.Device}} < /dev/null"]
  chroot_env         = { LANG = "C" }
  output_image       = "\${local.out}/a.img"
}
source "amazon-chroot" "b" {
  ami_name   = "b-{{timestamp}}"
  source_ami = "ami-0123456789abcdef0"
  region     = "us-east-1"
}
build {
  sources = ["source.chroot.a", "source.amazon-chroot.b"]
  provisioner "shell" {
    inline           = ["echo \${upper(var.size)}", "true"]
    environment_vars = ["A=\${length(local.out)}"]
  }
  provisioner "file" {
    content     = jsonencode({ a = [1, 2] })
    destination = "/etc/a.json"
  }
  post-processor "checksum" {
    checksum_types = ["sha256"]
  }
}
`,
    );
    writeFileSync(
      json,
      JSON.stringify({
        variables: { name: 'x' },
        builders: [
          {
            type: 'amazon-chroot',
            ami_name: '{{user `name`}}-{{timestamp}}',
            source_ami: 'ami-0123456789abcdef0',
            region: 'us-east-1',
            post_mount_commands: ['echo {{.Device}} {{.MountPath}}'],
          },
        ],
        provisioners: [{ type: 'shell', inline: ['echo {{user `name`}}'] }],
      }),
    );
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'validate', hcl, json], {
      env: { ...process.env, CHROOTFORGE_WRITE_CODE_CACHE: '1' },
      encoding: 'utf8',
    });
    if (run.status !== 0)
      console.error(
        `build: the code cache's training run did not pass (exit ${run.status}):\n${run.stdout}${run.stderr}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
