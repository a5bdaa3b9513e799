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
 * What in a source file is Node's at run time without an import: its
 * globals and the ways to load a file or a module from disk. The engine
 * outside template/node/ runs in a browser worker too
 * (template/engine-resources.ts says how a host gives it schemas,
 * validators, the grammar and yaml).
 */
const NODE_GLOBALS: Array<[RegExp, string]> = [
  [/\bBuffer\b/, 'Buffer'],
  [/(?<![.\w])process\.\w/, 'process'],
  [/\bNodeJS\./, 'NodeJS types'],
  [/\bcreateRequire\b|\brequire\(/, 'require'],
  [/\b__dirname\b|\b__filename\b/, '__dirname'],
  [/\bimport\.meta\.url\b/, 'import.meta.url (a file location)'],
  [/\bsetImmediate\b/, 'setImmediate'],
];

/** Source text without comments (a comment may name Buffer or process). */
function code(file: string): string {
  return readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

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

const ENTRIES = new Set(['template/index.ts', 'template/node/index.ts', 'template/browser/index.ts']);

/**
 * server/ files bound to Node: its own start (server/node/), the Node
 * transports and the package's Node entry (`chrootforge/server`).
 * Everything else is the same code in the browser worker (server/browser/),
 * which must not reach these.
 */
const SERVER_NODE_ONLY = (file: string): boolean =>
  file.startsWith('server/node/') || file === 'server/transport.ts' || file === 'server/index.ts';
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

  it('server/ imports no Node module outside server/node/ and its transports (the browser worker runs the rest)', () => {
    const shared = sourceFiles('server').filter((f) => !SERVER_NODE_ONLY(f));
    expect(violations(shared, (_to, s) => isNodeModule(s))).toEqual([]);
    expect(
      violations(shared, (to) => to !== undefined && (SERVER_NODE_ONLY(to) || to.startsWith('template/node/'))),
    ).toEqual([]);
  });

  it('server/browser/ reaches neither Node nor template/node/', () => {
    const browser = sourceFiles('server').filter((f) => f.startsWith('server/browser/'));
    expect(browser.length).toBeGreaterThan(0);
    const nodeBound = (to: string | undefined, s: string) =>
      isNodeModule(s) ||
      s.endsWith('/node') ||
      (to !== undefined && (SERVER_NODE_ONLY(to) || to.startsWith('template/node/')));
    expect(violations(browser, nodeBound)).toEqual([]);
  });

  it('server/ and cli/ reach template/ only through its entries (index, node/, browser/)', () => {
    const internal = (to: string | undefined) => to?.startsWith('template/') === true && !ENTRIES.has(to);
    expect(violations([...sourceFiles('server'), ...sourceFiles('cli')], internal)).toEqual([]);
  });

  it('template/ imports no Node module outside template/node/', () => {
    expect(violations(pureEngine, (_to, s) => isNodeModule(s))).toEqual([]);
  });

  it('template/ uses no Node global outside template/node/ (Buffer, process, require, file URLs)', () => {
    const uses = pureEngine.flatMap((file) => {
      const text = code(file);
      return NODE_GLOBALS.filter(([pattern]) => pattern.test(text)).map(([, name]) => `${file}: ${name}`);
    });
    expect(uses).toEqual([]);
  });

  it('the Node-globals check sees what it looks for', () => {
    const probe = (text: string) => NODE_GLOBALS.some(([pattern]) => pattern.test(text));
    expect(probe("const b = Buffer.from('x');")).toBe(true);
    expect(probe('function f(b: Buffer): void {}')).toBe(true);
    expect(probe('const env = process.env;')).toBe(true);
    expect(probe('const r = createRequire(import.meta.url);')).toBe(true);
    expect(probe('const bytes = new Uint8Array(ArrayBuffer.isView(x) ? 1 : 2);')).toBe(false);
  });

  it('the engine entry does not reach into template/node/ (the pure index stays pure)', () => {
    const intoNode = (to: string | undefined) => to?.startsWith('template/node/') === true;
    expect(violations(pureEngine, intoNode)).toEqual([]);
  });
});
