/**
 * The repository stands on its own: its Markdown links lead to files it
 * holds, and nothing points outside it (a person who clones it has no
 * `../shared/`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.cache', 'out']);

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.tmp')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, keep);
    return keep(name) ? [path] : [];
  });
}

const TEXT = /\.(md|ts|mts|mjs|js|json|jsonc|ya?ml|sh|hcl|toml)$|^Dockerfile$|^run$/;

describe('repository links', () => {
  it('no file mentions ../shared', () => {
    const mentions = files(root, (n) => TEXT.test(n))
      .filter((f) => !f.endsWith('repository-links.test.ts'))
      .filter((f) => readFileSync(f, 'utf8').includes('../shared'))
      .map((f) => relative(root, f));
    expect(mentions).toEqual([]);
  });

  it('relative Markdown links lead to files in the repository', () => {
    const broken: string[] = [];
    for (const file of files(root, (n) => n.endsWith('.md'))) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        const path = resolve(dirname(file), target!.replace(/#.*$/, ''));
        if (!existsSync(path) || !path.startsWith(root)) broken.push(`${relative(root, file)} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README points at the design notes in docs/', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('[docs/design.md](docs/design.md)');
    expect(existsSync(join(root, 'docs/design.md'))).toBe(true);
  });
});
