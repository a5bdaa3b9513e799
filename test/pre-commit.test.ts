/**
 * The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` tool in
 * a throwaway git repository. The hooks repository is a temporary git repo
 * holding this working tree's .pre-commit-hooks.yaml (so the file under
 * test is the one on disk, not an older commit), referenced by file:// URL
 * at its commit. The hooks use `language: system`, so `chrootforge` is put
 * on PATH as a small shim that runs the built CLI (dist/, built by npm test)
 * and logs each invocation, which lets the test see "once per directory".
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing, skipNote } from './support/requirements.js';

const project = join(import.meta.dirname, '..');
const reason = missing.tool('pre-commit') ?? missing.tool('git');

const BAD_FMT =
  'source "chroot" "x" {\n  source_image    = "a.img"\n}\n\nbuild {\n  sources = ["source.chroot.x"]\n}\n';
const GOOD = 'source "chroot" "x" {\n  source_image = "a.img"\n}\n\nbuild {\n  sources = ["source.chroot.x"]\n}\n';
const INVALID = 'source "chroot" "x" {\n  source_imag = "a.img"\n}\n';

let root: string;
let work: string;
let env: Record<string, string>;

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();

function makeHooksRepo(): string {
  const hooks = join(root, 'hooks');
  mkdirSync(hooks);
  copyFileSync(join(project, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
  git(hooks, 'init', '-q');
  git(hooks, 'add', '.pre-commit-hooks.yaml');
  git(hooks, 'commit', '-q', '-m', 'hooks');
  return git(hooks, 'rev-parse', 'HEAD');
}

function makeShim(): string {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const shim = join(bin, 'chrootforge');
  writeFileSync(
    shim,
    `#!/bin/sh\necho "$*" >> "${join(root, 'calls.log')}"\nexec "${process.execPath}" "${join(project, 'dist/cli/main.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return bin;
}

function write(name: string, text: string): void {
  mkdirSync(join(work, name, '..'), { recursive: true });
  writeFileSync(join(work, name), text);
}

const preCommit = (...args: string[]) => execa('pre-commit', ['run', ...args], { cwd: work, env, reject: false });
const calls = (): string[] => {
  try {
    return readFileSync(join(root, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe.skipIf(reason)(`pre-commit hooks${skipNote(reason)}`, () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cf-pre-commit-'));
    env = {
      PRE_COMMIT_HOME: join(root, 'cache'),
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    const rev = makeHooksRepo();
    env.PATH = `${makeShim()}:${process.env.PATH}`;
    work = join(root, 'work');
    mkdirSync(work);
    git(work, 'init', '-q');
    writeFileSync(
      join(work, '.pre-commit-config.yaml'),
      // Legacy JSON templates are opted in by path, as the hook's comment tells users to.
      `repos:\n  - repo: file://${join(root, 'hooks')}\n    rev: ${rev}\n    hooks:\n      - id: chrootforge-fmt\n      - id: chrootforge-validate\n        files: (\\.pkr\\.(hcl|json)|\\.pkrvars\\.(hcl|json)|^legacy/.*\\.json)$\n`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('chrootforge-fmt fails on a badly formatted file and rewrites it; then passes', async () => {
    write('bad/t.pkr.hcl', BAD_FMT);
    git(work, 'add', '-A');
    const first = await preCommit('chrootforge-fmt', '--files', 'bad/t.pkr.hcl');
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.stdout).toMatch(/files were modified by this hook/);
    expect(readFileSync(join(work, 'bad/t.pkr.hcl'), 'utf8')).toBe(GOOD);
    const second = await preCommit('chrootforge-fmt', '--files', 'bad/t.pkr.hcl');
    expect(second.exitCode, second.stdout).toBe(0);
  });

  it('chrootforge-fmt passes a well formatted file and ignores other files', async () => {
    write('good/t.pkr.hcl', GOOD);
    write('good/notes.hcl', 'x    = 1\n');
    git(work, 'add', '-A');
    const r = await preCommit('chrootforge-fmt', '--files', 'good/t.pkr.hcl', 'good/notes.hcl');
    expect(r.exitCode, r.stdout).toBe(0);
    expect(readFileSync(join(work, 'good/notes.hcl'), 'utf8')).toBe('x    = 1\n');
  });

  it('chrootforge-fmt with args [-check] fails without writing', async () => {
    write('chk/t.pkr.hcl', BAD_FMT);
    const config = readFileSync(join(work, '.pre-commit-config.yaml'), 'utf8');
    writeFileSync(
      join(work, '.pre-commit-config.yaml'),
      config.replace('- id: chrootforge-fmt', '- id: chrootforge-fmt\n        args: [-check]'),
    );
    try {
      git(work, 'add', '-A');
      const r = await preCommit('chrootforge-fmt', '--files', 'chk/t.pkr.hcl');
      expect(r.exitCode, r.stdout).toBe(1);
      expect(r.stdout).not.toMatch(/files were modified/);
      expect(readFileSync(join(work, 'chk/t.pkr.hcl'), 'utf8')).toBe(BAD_FMT);
    } finally {
      writeFileSync(join(work, '.pre-commit-config.yaml'), config);
    }
  });

  it('chrootforge-validate passes a valid directory and validates it once for two changed files', async () => {
    write('ok/a.pkr.hcl', GOOD);
    write('ok/vars.pkrvars.hcl', '');
    git(work, 'add', '-A');
    const before = calls().length;
    const r = await preCommit('chrootforge-validate', '--files', 'ok/a.pkr.hcl', 'ok/vars.pkrvars.hcl');
    expect(r.exitCode, r.stdout).toBe(0);
    expect(calls().slice(before)).toEqual(['validate ok']);
  });

  it('chrootforge-validate checks a legacy JSON template on its own and each HCL directory once', async () => {
    write('mixed/a.pkr.hcl', GOOD);
    write('mixed/b.pkr.hcl', 'variable "x" {\n  default = 1\n}\n');
    // HCL2 in JSON syntax: part of its directory's configuration, as in Packer.
    write('mixed/c.pkr.json', '{"variable": {"y": {"default": "z"}}}\n');
    write('mixed/d.auto.pkrvars.json', '{"x": 2}\n');
    write('legacy/template.json', '{"builders": [{"type": "chroot", "source_image": "a.img"}]}\n');
    write('other dir/c.pkr.hcl', GOOD);
    git(work, 'add', '-A');
    const before = calls().length;
    const r = await preCommit(
      'chrootforge-validate',
      '--files',
      'mixed/a.pkr.hcl',
      'mixed/c.pkr.json',
      'legacy/template.json',
      'mixed/d.auto.pkrvars.json',
      'mixed/b.pkr.hcl',
      'other dir/c.pkr.hcl',
    );
    expect(calls().slice(before)).toEqual(['validate mixed', 'validate legacy/template.json', 'validate other dir']);
    expect(r.exitCode, r.stdout).toBe(0);
  });

  it('chrootforge-validate fails on an invalid template', async () => {
    write('broken/t.pkr.hcl', INVALID);
    git(work, 'add', '-A');
    const r = await preCommit('chrootforge-validate', '--files', 'broken/t.pkr.hcl', 'ok/a.pkr.hcl');
    expect(r.exitCode, r.stdout).toBe(1);
  });
});
