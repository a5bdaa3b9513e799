/**
 * Smoke test of the shipped CLI (the bundle `npm run build` writes to
 * dist/cli/main.js): every command, for real, on one small template —
 * validate, fmt, inspect, lsp, and build then cleanup on a real loop device
 * (as root: `flock /tmp/chrootforge-root.lock npx vitest run test/cli-smoke.test.ts`).
 * The commands' own test files cover their options in depth.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forceRelease, leftovers } from './fixtures/runner/leaks.js';
import { makeFixtureImage } from './fixtures/runner/make-image.js';
import { LspProcess } from './server/support/lsp-process.js';
import { missing, skipNote } from './support/requirements.js';

const CLI = resolve(import.meta.dirname, '../dist/cli/main.js');
const built = existsSync(CLI) ? undefined : 'needs npm run build (dist/cli/main.js)';

/** As a person writes it: valid, but not laid out the way `fmt` lays it out. */
const TEMPLATE = (dir: string) => `variable "who" {
  type = string
  default = "world"
}

source "chroot" "tiny" {
  source_image = "base.img"
  mount_path = "${dir}/mnt/{{.Device}}"
  copy_files = []
  output_image = "out/tiny.tar"
  output_format = "tar"
}

build {
  sources = ["source.chroot.tiny"]
  provisioner "shell" {
    inline = ["echo hello \${var.who} > /etc/greeting"]
  }
}
`;

describe(`chrootforge CLI${skipNote(built)}`, () => {
  let dir: string;
  const cli = (args: string[], input?: string) =>
    execa(process.execPath, [CLI, ...args], {
      cwd: dir,
      reject: false,
      all: true,
      input,
      env: { CHROOTFORGE_STATE_DIR: join(dir, 'state') },
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-smoke-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'tiny.pkr.hcl'), TEMPLATE(dir));
    writeFileSync(
      join(dir, 'broken.pkr.hcl'),
      'source "chroot" "x" {\n  source_image = "base.img"\n  mount_pathh = "/mnt/x"\n}\n',
    );
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(built)('--help lists every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const command of ['validate', 'fmt', 'build', 'cleanup', 'lsp', 'inspect']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it.skipIf(built)('rejects an unknown command with exit 2 and no stack trace', async () => {
    const r = await cli(['frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(built)(
    'validate: a missing source image is a warning; a wrong field is an error with its place',
    async () => {
      const good = await cli(['validate', 'tiny.pkr.hcl']);
      // Place, severity, field and code exactly; the wording is the missing-file check's own.
      expect(good.all).toMatch(
        /^tiny\.pkr\.hcl:7:18: warning: source_image: "base\.img" does not exist [^\n]*\[missing-file\]$/,
      );
      expect(good.exitCode).toBe(0);
      const bad = await cli(['validate', '--format', 'json', 'broken.pkr.hcl']);
      expect(JSON.parse(bad.stdout)).toEqual({
        diagnostics: [
          expect.objectContaining({ code: 'missing-file', severity: 'warning' }),
          {
            file: 'broken.pkr.hcl',
            range: { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } },
            severity: 'error',
            code: 'unknown-field',
            message: 'Unknown field "mount_pathh" in source "chroot". Did you mean "mount_path"?',
          },
        ],
      });
      expect(bad.exitCode).toBe(1);
    },
  );

  it.skipIf(built)('fmt: -check finds the work (exit 3), formatting does it, -check is then quiet', async () => {
    const check = await cli(['fmt', '-check', 'tiny.pkr.hcl']);
    expect({ code: check.exitCode, out: check.stdout }).toEqual({ code: 3, out: 'tiny.pkr.hcl' });
    const write = await cli(['fmt', 'tiny.pkr.hcl']);
    expect({ code: write.exitCode, out: write.stdout }).toEqual({ code: 0, out: 'tiny.pkr.hcl' });
    const formatted = readFileSync(join(dir, 'tiny.pkr.hcl'), 'utf8');
    expect(formatted).toContain('  type    = string\n  default = "world"\n');
    expect(formatted).toContain('  output_image  = "out/tiny.tar"\n  output_format = "tar"\n');
    const again = await cli(['fmt', '-check', 'tiny.pkr.hcl']);
    expect({ code: again.exitCode, out: again.all }).toEqual({ code: 0, out: '' });
  });

  it.skipIf(built)('inspect: variables, sources, builds and provisioners', async () => {
    const r = await cli(['inspect', 'tiny.pkr.hcl']);
    expect(r.stdout).toBe(
      [
        'Variables:',
        '',
        '  var.who: "world"',
        '',
        'Sources:',
        '',
        '  chroot.tiny',
        '',
        'Builds:',
        '',
        '  <unnamed build 0>:',
        '    source.chroot.tiny',
        '    provisioner "shell"',
        '',
        // base.img is made by the build test below.
        '(1 warning; run chrootforge validate for details)',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(built)('lsp --stdio: diagnostics for an opened template, then shutdown and exit 0', async () => {
    const server = new LspProcess();
    try {
      await server.initialize(dir);
      const uri = `file://${join(dir, 'broken.pkr.hcl')}`;
      const published = server.diagnosticsFor(uri);
      await server.open(uri, readFileSync(join(dir, 'broken.pkr.hcl'), 'utf8'));
      expect((await published).diagnostics).toContainEqual(
        expect.objectContaining({
          range: { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } },
          severity: 1,
          code: 'unknown-field',
          message: 'Unknown field "mount_pathh" in source "chroot". Did you mean "mount_path"?',
        }),
      );
      expect(await server.stop()).toBe(0);
    } finally {
      server.kill();
    }
  });

  describe.skipIf(missing.loop())(`build and cleanup${skipNote(missing.loop())}`, () => {
    it('build: provisions the image in a chroot and writes the artifact', async () => {
      makeFixtureImage(join(dir, 'base.img'));
      const r = await cli(['build', '-var', 'who=smoke', 'tiny.pkr.hcl']);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stdout).toMatch(/^==> chroot\.tiny: Mounting the root device/m);
      const greeting = execFileSync('tar', ['-xOf', join(dir, 'out/tiny.tar'), './etc/greeting'], { encoding: 'utf8' });
      expect(greeting).toBe('hello smoke\n');
      expect(leftovers(dir)).toEqual([]);
    });

    it('cleanup: nothing is left to undo after a build that finished', async () => {
      const r = await cli(['cleanup']);
      expect(r.stdout).toBe(`Nothing to clean up (no journals in ${join(dir, 'state')}).`);
      expect(r.exitCode).toBe(0);
    });
  });
});
