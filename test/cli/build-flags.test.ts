/**
 * `chrootforge build`'s own flags are checked before anything else (no
 * root needed to be told): -parallel-builds takes a whole number, -color a
 * boolean in Go's spellings; a wrong one is a usage error (exit 2) naming
 * the flag.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'cf-build-flags-'));
writeFileSync(join(dir, 'base.img'), '');
writeFileSync(
  join(dir, 't.pkr.hcl'),
  'source "chroot" "a" {\n  source_image = "base.img"\n}\nbuild {\n  sources = ["source.chroot.a"]\n}\n',
);

const run = (...args: string[]) => execa('node', [CLI, 'build', ...args], { reject: false, cwd: dir });

describe('chrootforge build flags', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('-parallel-builds takes a whole number', async () => {
    const r = await run('-parallel-builds=two', 't.pkr.hcl');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'chrootforge: -parallel-builds must be a whole number (0 = no limit, 1 = one at a time), not "two"',
    );
  });

  it('-color takes true or false', async () => {
    const r = await run('-color=maybe', 't.pkr.hcl');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('chrootforge: -color must be true or false, not "maybe"');
  });

  it('both are listed in the help', async () => {
    const r = await execa('node', [CLI, 'build', '--help'], { reject: false });
    expect(r.stdout).toMatch(/--parallel-builds <n> +how many builds run at once/);
    expect(r.stdout).toMatch(/--color \[bool\]/);
  });
});
