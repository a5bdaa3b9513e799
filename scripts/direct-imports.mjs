// esbuild plugin: imports of a barrel module (template/index.js, which only
// re-exports) are bundled as imports of the modules that define each name.
//
// Why: with code splitting, esbuild assigns whole files to chunks by which
// entry points reach them, and a file reached through a barrel is reached
// even when nothing of it is used. Through template/index.js, `validate` on a
// JSON template would load the HCL parser, the HCL function library and the
// formatter (measured: 324 KB of bundle → 606 KB, +60 ms CPU). The sources keep
// importing the index (the engine's one public face); only the bundle skips it.
//
// Understands what tsc emits: `import { a, b as c } from '…'`, `export { … }
// from '…'`, `export * from '…'` and local `export function|class|const|let`
// and `export { … }`. A name it cannot trace fails the build.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const FROM = /^(import|export)\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\3;?[ \t]*$/gm;
const STAR = /^export\s*\*\s*from\s*(['"])([^'"]+)\1;?/gm;
const LOCAL = /^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
const LOCAL_LIST = /^export\s*\{([^}]*)\}\s*;?[ \t]*$/gm;

/** @typedef {{ file: string, name: string }} Origin where a name is defined */

/**
 * `a`, `a as b` → [imported, local].
 * @param {string} list
 * @returns {Array<[string, string]>}
 */
function specifiers(list) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name = '', alias] = s.split(/\s+as\s+/);
      return /** @type {[string, string]} */ ([name.trim(), (alias ?? name).trim()]);
    });
}

/**
 * Where each export of `file` is defined: name → { file, name }, following re-exports to their source.
 * @param {string} file
 * @param {Map<string, Map<string, Origin>>} cache
 * @returns {Map<string, Origin>}
 */
function exportOrigins(file, cache = new Map()) {
  const known = cache.get(file);
  if (known) return known;
  /** @type {Map<string, Origin>} */
  const origins = new Map();
  cache.set(file, origins);
  const text = readFileSync(file, 'utf8');
  // The groups are not optional in these patterns: a match has them all.
  for (const [, name = ''] of text.matchAll(LOCAL)) origins.set(name, { file, name });
  for (const [, list = ''] of text.matchAll(LOCAL_LIST))
    for (const [, exported] of specifiers(list)) origins.set(exported, { file, name: exported });
  for (const [, keyword, list = '', , from = ''] of text.matchAll(FROM)) {
    if (keyword !== 'export' || !from.startsWith('.')) continue;
    const source = exportOrigins(resolve(dirname(file), from), cache);
    for (const [name, exported] of specifiers(list)) {
      const origin = source.get(name);
      if (!origin) throw new Error(`direct-imports: ${from} (from ${file}) exports no ${name}`);
      origins.set(exported, origin);
    }
  }
  for (const [, , from = ''] of text.matchAll(STAR)) {
    for (const [name, origin] of exportOrigins(resolve(dirname(file), from), cache))
      if (name !== 'default' && !origins.has(name)) origins.set(name, origin);
  }
  return origins;
}

/**
 * The plugin, for imports of the barrel `barrelFile` (an absolute path) from files under `scope`.
 * @param {string} barrelFile
 * @param {string} scope
 * @returns {import('esbuild').Plugin}
 */
export function directImports(barrelFile, scope) {
  const origins = exportOrigins(barrelFile);
  return {
    name: 'direct-imports',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(scope) || args.path === barrelFile) return undefined;
        const text = readFileSync(args.path, 'utf8');
        const here = dirname(args.path);
        let changed = false;
        /** @type {(whole: string, keyword: string, list: string, quote: string, from: string) => string} */
        const direct = (whole, keyword, list, _quote, from) => {
          if (!from.startsWith('.') || resolve(here, from) !== barrelFile) return whole;
          changed = true;
          /** @type {Map<string, string[]>} */
          const byFile = new Map();
          for (const [name, local] of specifiers(list)) {
            const origin = origins.get(name);
            if (!origin) throw new Error(`direct-imports: ${args.path} imports ${name}, which ${from} does not export`);
            const names = byFile.get(origin.file) ?? [];
            byFile.set(origin.file, names);
            names.push(origin.name === local ? local : `${origin.name} as ${local}`);
          }
          return [...byFile]
            .map(([file, names]) => {
              const path = relative(here, file);
              return `${keyword} { ${names.join(', ')} } from '${path.startsWith('.') ? path : `./${path}`}';`;
            })
            .join('\n');
        };
        const contents = text.replace(FROM, direct);
        return changed ? { contents, loader: 'js', resolveDir: here } : undefined;
      });
    },
  };
}
