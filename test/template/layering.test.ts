/**
 * The layers, as imports: the template engine knows no runner and no
 * process; the server knows no runner; the server and the CLI reach the
 * engine only through its public entries (template/index.ts, and
 * template/node/index.ts for Node's file access). Read from the sources'
 * import specifiers, type-only imports included.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/**
 * template/ files that still use Node at run time, each for a reason the
 * planned browser build must answer with an injected binding (as
 * template/node/ does for file access). The list may only shrink: a file
 * that no longer needs Node must leave it (the last test says so).
 */
const NODE_BOUND: Record<string, string> = {
  'template/text/template-path.ts': "resolves a template's paths from its directory (node:path posix)",
  'template/schema/schema-files.ts': 'reads the JSON Schemas from the package (node:fs)',
  'template/schema/load-validator.ts': 'loads the precompiled ajv validators (require)',
  'template/schema/ajv-setup.ts': 'compiles schemas with ajv when no precompiled validator exists (require)',
  'template/hcl/tree-sitter-loader.ts': 'loads the HCL grammar wasm from node_modules (node:fs, require)',
  'template/eval/functions/crypto.ts': 'md5/sha*/uuid functions (node:crypto)',
  'template/eval/functions/rsa-decrypt.ts': 'rsadecrypt (node:crypto)',
  'template/eval/functions/encoding.ts': 'base64gzip (node:zlib)',
  'template/eval/functions/yaml-decode.ts': 'loads the yaml package on first use (require)',
  'template/eval/functions/filesystem.ts': "Packer's path functions are POSIX ones (node:path posix)",
  'template/eval/functions/glob.ts': 'fileset matches POSIX paths (node:path posix)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file imports, re-exports, imports dynamically or requires. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gms),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

/** The repository path a relative specifier names (`.ts` for the emitted `.js`); undefined for packages. */
function target(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts');
}

const isNodeModule = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

/** `file → specifier` for every import of `files` that `bad` rejects. */
function violations(files: string[], bad: (to: string | undefined, specifier: string) => boolean): string[] {
  return files.flatMap((file) =>
    specifiers(file)
      .filter((s) => bad(target(file, s), s))
      .map((s) => `${file} → ${s}`),
  );
}

const ENTRIES = new Set(['template/index.ts', 'template/node/index.ts']);
const engine = sourceFiles('template');
const pureEngine = engine.filter((f) => !f.startsWith('template/node/'));

describe('layering', () => {
  it('finds the sources it checks (the checks below cannot pass on nothing)', () => {
    expect(engine.length).toBeGreaterThan(100);
    expect(sourceFiles('server').length).toBeGreaterThan(20);
    expect(sourceFiles('cli').length).toBeGreaterThan(10);
    expect(specifiers('server/core.ts')).toContain('../template/index.js');
  });

  it('template/ and server/ import nothing from runner/', () => {
    const intoRunner = (to: string | undefined) => to?.startsWith('runner/') === true;
    expect(violations([...engine, ...sourceFiles('server')], intoRunner)).toEqual([]);
  });

  it('server/ and cli/ reach template/ only through template/index.ts or template/node/index.ts', () => {
    const internal = (to: string | undefined) => to?.startsWith('template/') === true && !ENTRIES.has(to);
    expect(violations([...sourceFiles('server'), ...sourceFiles('cli')], internal)).toEqual([]);
  });

  it('template/ imports no Node module outside template/node/ and the files listed with their reason', () => {
    const files = pureEngine.filter((f) => !(f in NODE_BOUND));
    expect(violations(files, (_to, s) => isNodeModule(s))).toEqual([]);
    // `require` is Node's too.
    expect(files.filter((f) => /\bcreateRequire\b/.test(readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });

  it('every file listed as Node-bound still is (the list only shrinks)', () => {
    const stillBound = Object.keys(NODE_BOUND).filter((f) => specifiers(f).some(isNodeModule));
    expect(stillBound).toEqual(Object.keys(NODE_BOUND));
  });

  it('the engine entry does not reach into template/node/ (the pure index stays pure)', () => {
    const intoNode = (to: string | undefined) => to?.startsWith('template/node/') === true;
    expect(violations(pureEngine, intoNode)).toEqual([]);
  });
});
