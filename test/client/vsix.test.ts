/**
 * `npm run vsix` packages the extension offline, and the package holds a
 * manifest VS Code can load: languages, grammars, configuration, commands,
 * activation events, and every file the manifest points at.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../support/requirements.js';
import { readZip } from './support/zip.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'cf-vsix-'));
const vsix = join(outDir, 'chrootforge.vsix');
// As root, a new network namespace with no interfaces proves "offline" (on CI it must).
const notOffline = missing.root() ?? missing.tool('unshare');
const offline = notOffline === undefined;

/** The parts of the extension's package.json these tests read. */
interface ExtensionManifest {
  name: string;
  main: string;
  /** The web extension's entry (vscode.dev, github.dev). */
  browser: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: Array<{ id: string; extensions: string[]; configuration: string }>;
    grammars: Array<{ language: string; scopeName: string; path: string }>;
    configuration: { properties: Record<string, { type?: string; enum?: string[]; default?: unknown }> };
    commands: Array<{ command: string }>;
  };
}

let files: Map<string, Buffer>;
let manifest: ExtensionManifest;

beforeAll(() => {
  const cmd = offline
    ? ['unshare', ['--net', process.execPath, 'scripts/vsix.mjs', vsix]]
    : [process.execPath, ['scripts/vsix.mjs', vsix]];
  execFileSync(cmd[0] as string, cmd[1] as string[], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  files = readZip(vsix);
  manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
}, 180_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const inArchive = (rel: string): string => posix.join('extension', posix.normalize(rel));

describe(`npm run vsix${offline ? ' (offline: no network namespace)' : ` (network not cut: ${notOffline})`}`, () => {
  it('writes a zip with the VS Code package manifest and the extension manifest', () => {
    expect(files.has('extension.vsixmanifest')).toBe(true);
    expect(files.has('[Content_Types].xml')).toBe(true);
    expect(manifest.name).toBe('chrootforge');
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+/);
  });

  it('has the bundled extension as main, self-contained (no node_modules, no require of vscode-languageclient)', () => {
    const main = inArchive(manifest.main);
    expect(files.has(main), main).toBe(true);
    const code = files.get(main)!.toString('utf8');
    expect(code).toMatch(/require\("vscode"\)/);
    expect(code).not.toMatch(/require\("vscode-languageclient/);
    expect([...files.keys()].filter((f) => f.includes('node_modules/'))).toEqual([]);
    // The TypeScript sources stay out of the package.
    expect([...files.keys()].filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('has the browser entry (vscode.dev, github.dev) and its server worker with the grammar wasm', () => {
    expect(manifest.browser).toBe('./out/browser.js');
    expect(files.has(inArchive(manifest.browser))).toBe(true);
    for (const name of ['server.js', 'web-tree-sitter.wasm', 'tree-sitter-hcl.wasm'])
      expect(files.has(`extension/out/server/${name}`), name).toBe(true);
  });

  it('contributes the packer and packer-vars languages with their extensions and a language configuration in the archive', () => {
    const langs = manifest.contributes.languages;
    expect(langs.map((l) => [l.id, l.extensions])).toEqual([
      ['packer', ['.pkr.hcl']],
      ['packer-vars', ['.pkrvars.hcl']],
    ]);
    for (const l of langs) {
      const config = JSON.parse(files.get(inArchive(l.configuration))!.toString('utf8'));
      expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
      expect(config.brackets).toEqual([
        ['{', '}'],
        ['[', ']'],
        ['(', ')'],
      ]);
      expect(config.folding.markers).toEqual({
        start: '^\\s*(#|//)\\s*region\\b',
        end: '^\\s*(#|//)\\s*endregion\\b',
      });
    }
  });

  it('contributes a grammar per language, each in the archive with its scope name', () => {
    const grammars = manifest.contributes.grammars;
    expect(grammars.map((g) => g.language).sort()).toEqual(['packer', 'packer-vars']);
    for (const g of grammars) {
      const grammar = JSON.parse(files.get(inArchive(g.path))!.toString('utf8'));
      expect(grammar.scopeName).toBe(g.scopeName);
    }
  });

  it('contributes the settings: server mode node|docker, image, extra args, trace, JSON template globs', () => {
    expect(manifest.contributes.configuration.properties).toMatchObject({
      'chrootforge.server.mode': { enum: ['node', 'docker'] },
      'chrootforge.server.image': { type: 'string' },
      'chrootforge.server.extraArgs': { type: 'array' },
      'chrootforge.trace.server': { enum: ['off', 'messages', 'verbose'] },
      'chrootforge.jsonTemplates': { default: ['**/*.pkr.json'] },
    });
  });

  it('contributes the commands: validate workspace, format, build in a terminal, show server output', () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    expect(ids).toEqual(
      expect.arrayContaining([
        'chrootforge.validateWorkspace',
        'chrootforge.formatDocument',
        'chrootforge.buildTemplate',
        'chrootforge.showServerOutput',
      ]),
    );
    // Every command the bundle registers is contributed, and the other way round.
    const code = files.get(inArchive(manifest.main))!.toString('utf8');
    for (const id of ids) expect(code, id).toContain(`"${id}"`);
  });

  it('activates on the two languages and on workspaces holding templates', () => {
    expect(manifest.activationEvents).toEqual(
      expect.arrayContaining(['onLanguage:packer', 'onLanguage:packer-vars', 'workspaceContains:**/*.pkr.hcl']),
    );
  });
});
