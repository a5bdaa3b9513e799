/**
 * `chrootforge build` and `chrootforge cleanup` as a user runs them: an HCL
 * template built end to end, machine-readable output, -only, and the error
 * paths (bad template, not root, no loop devices, missing tools) that must
 * print one clear message and change nothing; -on-error abort then the
 * printed cleanup command.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`chrootforge build and cleanup${skipNote(missing.loop())}`, () => {
  let dir: string;
  let dist: string;
  let stateDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-cli-'));
    chmodSync(dir, 0o755);
    dist = compileProject();
    stateDir = join(dir, 'state');
    makeFixtureImage(join(dir, 'base.img'));
    writeFileSync(
      join(dir, 'image.pkr.hcl'),
      `variable "who" {
  type    = string
  default = "nobody"
}

source "chroot" "one" {
  source_image  = "base.img"
  mount_path    = "${dir}/mnt/{{.Device}}"
  output_image  = "out/one.img"
  copy_files    = []
}

source "chroot" "two" {
  source_image  = "base.img"
  mount_path    = "${dir}/mnt/{{.Device}}"
  output_image  = "out/two.img"
  copy_files    = []
}

build {
  sources = ["source.chroot.one", "source.chroot.two"]

  provisioner "shell" {
    inline = ["echo hello \${var.who} > /etc/greeting"]
  }
}
`,
    );
    writeFileSync(
      join(dir, 'failing.pkr.hcl'),
      `source "chroot" "bad" {
  source_image = "base.img"
  mount_path   = "${dir}/mnt/{{.Device}}"
  output_image = "out/bad.img"
  copy_files   = []
}

build {
  sources = ["source.chroot.bad"]
  provisioner "shell" {
    inline = ["exit 9"]
  }
}
`,
    );
    writeFileSync(join(dir, 'broken.pkr.hcl'), 'source "chroot" "x" {\n  source_image = \n}\n');
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  const cli = (args: string[], opts: { env?: Record<string, string>; prefix?: string[] } = {}) => {
    const [file, ...rest] = [...(opts.prefix ?? []), process.execPath, join(dist, 'cli/main.js'), ...args];
    return execa(file!, rest, {
      cwd: dir,
      reject: false,
      all: true,
      env: { CHROOTFORGE_STATE_DIR: stateDir, ...opts.env },
    });
  };

  it('builds an HCL template with -var and -only, Packer-style output', async () => {
    const r = await cli(['build', '-var', 'who=world', '-only', 'chroot.one', 'image.pkr.hcl']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^==> chroot\.one: Mounting the root device/m);
    expect(r.stdout).toMatch(/^--> chroot\.one: .*out\/one\.img$/m);
    expect(r.stdout).toMatch(/Step timings:/);
    expect(existsSync(join(dir, 'out/one.img'))).toBe(true);
    expect(existsSync(join(dir, 'out/two.img'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('-var-file values reach the provisioners', async () => {
    writeFileSync(join(dir, 'values.pkrvars.hcl'), 'who = "the var file"\n');
    const r = await cli(['build', '-var-file=values.pkrvars.hcl', '-only=one', 'image.pkr.hcl']);
    expect(r.exitCode, r.all).toBe(0);
    const mnt = join(dir, 'check');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', join(dir, 'out/one.img'), mnt]);
    try {
      expect(readFileSync(join(mnt, 'etc/greeting'), 'utf8')).toBe('hello the var file\n');
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('-machine-readable prints one timestamp,target,type,data event per line', async () => {
    const r = await cli(['build', '-machine-readable', '-except', 'one', 'image.pkr.hcl']);
    expect(r.exitCode, r.all).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    // As Packer: ui lines have no target (their text names the build), other events do.
    for (const line of lines) expect(line).toMatch(/^\d+,(,ui,(say|message|error),|chroot\.two,[a-z-]+,)/);
    expect(lines.some((l) => /^\d+,,ui,say,==> chroot\.two: Mounting the root device/.test(l))).toBe(true);
    expect(lines.some((l) => /,artifact,0,file,0,.*out\/two\.img$/.test(l))).toBe(true);
    expect(lines.some((l) => /,timing,provision,/.test(l))).toBe(true);
  });

  it('a bad template: diagnostics, exit 1, nothing changed', async () => {
    const r = await cli(['build', 'broken.pkr.hcl']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/broken\.pkr\.hcl:\d+:\d+: error/);
    expect(r.stderr).toMatch(/nothing was built/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('not root: one message naming the fix, nothing changed', async () => {
    const r = await cli(['build', 'image.pkr.hcl'], {
      prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toMatch(/must run as root.*--privileged -v \/dev:\/dev/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('no loop devices (a container without privileges): names --privileged -v /dev:/dev', async () => {
    const script = `mount -t tmpfs none /dev && exec "$@"`;
    const r = await cli(['build', 'image.pkr.hcl'], {
      prefix: ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh'],
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toMatch(/no loop devices.*--privileged -v \/dev:\/dev/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('no CAP_SYS_ADMIN (a container with the host /dev but no privileges): refused before anything is attached', async () => {
    const r = await cli(['build', 'image.pkr.hcl'], {
      prefix: ['setpriv', '--bounding-set', '-sys_admin', '--inh-caps', '-sys_admin'],
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toMatch(/mounting is not permitted here \(no CAP_SYS_ADMIN\).*--privileged -v \/dev:\/dev/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a missing tool: names the package to install', async () => {
    const r = await cli(['build', 'image.pkr.hcl'], { env: { PATH: '/nonexistent' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/losetup is not installed: apt-get install util-linux/);
    expect(existsSync(join(stateDir, 'journal')) ? readdirSync(join(stateDir, 'journal')) : []).toEqual([]);
  });

  it('-on-error abort leaves the build for inspection and prints the cleanup command that undoes it', async () => {
    const r = await cli(['build', '-on-error=abort', 'failing.pkr.hcl']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/exit status: 9/);
    const command = /chrootforge cleanup --build-id (\S+)/.exec(r.stderr);
    expect(command, r.stderr).not.toBeNull();
    expect(leftovers(dir).length).toBeGreaterThan(0);
    const c = await cli(['cleanup', '--build-id', command![1]!]);
    expect(c.exitCode, c.all).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
    const again = await cli(['cleanup']);
    expect(again.stdout).toMatch(/Nothing to clean up/);
  });
});
