/**
 * `chrootforge inspect` as a process: what it lists for build source
 * references in each spelling Packer reads, and a footer that counts errors
 * and warnings apart, agreeing with `validate`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'cf-inspect-'));
writeFileSync(join(dir, 'base.img'), '');

const run = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, cwd: dir });
const template = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const SOURCES =
  'source "chroot" "base" {\n  source_image = "base.img"\n}\nsource "chroot" "other" {\n  source_image = "base.img"\n}\n';

describe('chrootforge inspect', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists source.T.N, sources.T.N, T.N (and any first part of three, as Packer) by type and name; validate accepts them', async () => {
    const file = template(
      'refs.pkr.hcl',
      `${SOURCES}build {\n  sources = ["sources.chroot.base", "source.chroot.other", "chroot.base", "src.chroot.other"]\n}\nbuild {\n  name = "overridden"\n  source "sources.chroot.other" {\n    output_image = "out/x.img"\n  }\n}\n`,
    );
    const r = await run('inspect', file);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Builds:\n\n  <unnamed build 0>:\n    source.chroot.base\n    source.chroot.other\n    source.chroot.base\n    source.chroot.other\n  overridden:\n    source.chroot.other',
    );
    expect(r.stdout).not.toContain('source..');
    expect(r.stdout).not.toMatch(/validation error|warning/);
    const v = await run('validate', file);
    expect({ exitCode: v.exitCode, stdout: v.stdout }).toEqual({ exitCode: 0, stdout: '' });
  });

  it('a reference Packer cannot read (one part) is still one error, and inspect says so', async () => {
    const file = template('bad-ref.pkr.hcl', `${SOURCES}build {\n  sources = ["chroot"]\n}\n`);
    const v = await run('validate', file);
    expect(v.exitCode).toBe(1);
    expect(v.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/bad-ref\.pkr\.hcl:8:14: error: .* \[invalid-source-reference\]$/),
    ]);
    const r = await run('inspect', file);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('(1 validation error; run chrootforge validate for details)');
  });

  it('the footer counts warnings as warnings: none are called validation errors', async () => {
    const warningsOnly = template(
      'warnings.pkr.hcl',
      'source "chroot" "base" {\n  source_image = "missing.img"\n}\nbuild {\n  sources = ["source.chroot.base"]\n  provisioner "shell" {\n    inline = ["true"]\n    only   = ["nope"]\n  }\n}\n',
    );
    const v = await run('validate', '--format', 'json', warningsOnly);
    expect(v.exitCode).toBe(0);
    const severities = (JSON.parse(v.stdout) as { diagnostics: Array<{ severity: string }> }).diagnostics.map(
      (d) => d.severity,
    );
    expect(severities).toEqual(['warning', 'warning']);
    const r = await run('inspect', warningsOnly);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('(2 warnings; run chrootforge validate for details)');
    expect(r.stdout).not.toContain('error');
  });

  it('with both, each is counted apart, as validate reports them', async () => {
    const mixed = template(
      'mixed.pkr.hcl',
      'source "chroot" "base" {\n  source_image = "missing.img"\n  mount_partiton = "1"\n}\nbuild {\n  sources = ["source.chroot.base"]\n}\n',
    );
    const v = await run('validate', '--format', 'json', mixed);
    const severities = (JSON.parse(v.stdout) as { diagnostics: Array<{ severity: string }> }).diagnostics
      .map((d) => d.severity)
      .sort();
    expect(severities).toEqual(['error', 'warning']);
    const r = await run('inspect', mixed);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '(1 validation error, 1 warning; run chrootforge validate for details)',
    );
  });
});
