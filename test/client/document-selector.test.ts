import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentSelector } from '../../client/src/document-selector.js';
import { resolveCliPath } from '../../client/src/resolve-cli.js';

describe('documentSelector', () => {
  it('always has the two HCL languages, saved or not, and adds JSON (and JSONC) only for the configured globs', () => {
    expect(documentSelector([])).toEqual([
      { scheme: 'file', language: 'packer' },
      { scheme: 'file', language: 'packer-vars' },
      { scheme: 'untitled', language: 'packer' },
      { scheme: 'untitled', language: 'packer-vars' },
    ]);
    expect(documentSelector(['**/*.pkr.json', ' ', '**/*.pkr.json', 'templates/*.json']).slice(4)).toEqual([
      { scheme: 'file', language: 'json', pattern: '**/*.pkr.json' },
      { scheme: 'file', language: 'jsonc', pattern: '**/*.pkr.json' },
      { scheme: 'file', language: 'json', pattern: 'templates/*.json' },
      { scheme: 'file', language: 'jsonc', pattern: 'templates/*.json' },
    ]);
  });

  it("in a browser takes every scheme (the editor's own file system), unsaved buffers included", () => {
    expect(documentSelector(['**/*.pkr.json'], '*')).toEqual([
      { scheme: '*', language: 'packer' },
      { scheme: '*', language: 'packer-vars' },
      { scheme: '*', language: 'json', pattern: '**/*.pkr.json' },
      { scheme: '*', language: 'jsonc', pattern: '**/*.pkr.json' },
    ]);
  });
});

describe('resolveCliPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-resolve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the setting, then the workspace node_modules, then a chrootforge symlink on PATH', () => {
    const ws = join(dir, 'ws');
    const local = join(ws, 'node_modules', 'chrootforge', 'dist', 'cli', 'main.js');
    mkdirSync(join(local, '..'), { recursive: true });
    writeFileSync(local, '');
    const global = join(dir, 'lib', 'main.js');
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(global, '');
    symlinkSync(global, join(dir, 'bin', 'chrootforge'));

    expect(resolveCliPath('/set/main.js', [ws], join(dir, 'bin'))).toBe('/set/main.js');
    expect(resolveCliPath('', [join(dir, 'nothing'), ws], join(dir, 'bin'))).toBe(local);
    expect(resolveCliPath('', [join(dir, 'nothing')], `/nonexistent:${join(dir, 'bin')}`)).toBe(global);
    expect(resolveCliPath('', [], '/nonexistent')).toBeUndefined();
  });
});
