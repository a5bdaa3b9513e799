#!/usr/bin/env node
/**
 * The `chrootforge` executable (the build bundles it as dist/cli/main.js):
 * sets V8's flags for the command, then runs the CLI's bundle, one CommonJS
 * file, compiled with V8's code cache when the build made one.
 *
 * Why: start-up is most of a one-file `validate`, and most of start-up was
 * Node's ES module loader (resolving, reading and linking ~20 chunks) and
 * V8 compiling the code that runs. One CommonJS file is one read, and its
 * code cache (the bytecode of every function a training run compiled) turns
 * compiling into deserializing: a one-file HCL validate went from ~275 to
 * ~200 ms of CPU here. Node 22's `module.enableCompileCache()` does the same
 * for every module, but the project runs on Node 20.
 *
 * The cache is only read here. `npm run build` writes it with a training run
 * (CHROOTFORGE_WRITE_CODE_CACHE=1). V8 checks that the cache was made by the
 * same V8, with the same flags, for a source of the same length, and
 * otherwise compiles as if there were none; the bundle's first line names
 * its build, and so does the cache file's name, so a rebuilt bundle never
 * meets an older build's cache.
 */
import { setV8Flags } from './v8-flags.js';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

setV8Flags(process.argv[2]);

const bundle = fileURLToPath(new URL('./bundle/main.cjs', import.meta.url));
const source = readFileSync(bundle, 'utf8');
/** `// chrootforge build <id>`: the first line the build puts in the bundle. */
const buildId = /^\/\/ chrootforge build (\w+)/.exec(source)?.[1] ?? 'unknown';
const cacheFile = `${dirname(bundle)}/main.${buildId}.v8-cache`;

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

// Compiled as Node compiles a CommonJS module: the source in its wrapper.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData: readCache(),
});

if (process.env.CHROOTFORGE_WRITE_CODE_CACHE === '1') {
  // After the run, so the cache holds every function it compiled.
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
