/**
 * `chrootforge build` with two sources, as Packer runs them: at once (a
 * rendezvous in a shell-local provisioner fails unless both builds are in
 * their provisioners together), one after another with -parallel-builds=1,
 * two at a time of three with -parallel-builds=2,
 * a failed build that leaves the other to finish (cleanup and abort), a
 * Ctrl-C (SIGINT to the whole process group) in the provisioners and in
 * the middle of writing both artifacts that leaves nothing behind, and two
 * sources writing one output refused before anything starts. Real builds,
 * as root, on loop devices.
 */
import { execa, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { missing, skipNote } from '../support/requirements.js';

/**
 * What an interrupted build left in its output directory. The build that made the directory removes it when
 * it is empty at that build's end; another build still cleaning up in it may keep it there, empty.
 */
const leftIn = (out: string): string[] => (existsSync(out) ? readdirSync(out) : []);

describe.skipIf(missing.loop())(`parallel builds${skipNote(missing.loop())}`, () => {
  let dir: string;
  let dist: string;
  let stateDir: string;
  let runs = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-par-'));
    dist = compileProject();
    stateDir = join(dir, 'state');
    makeFixtureImage(join(dir, 'base.img'));
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  /**
   * A template with sources one and two (same base image, same output
   * directory), a shell-local rendezvous both must reach before either goes
   * on, then `inline` in the chroot.
   */
  function template(
    opts: { inline: string[]; rendezvous?: boolean; extraSource?: string; source?: string } = { inline: [] },
  ): string {
    const name = `t${++runs}`;
    const meet = join(dir, `meet-${name}`);
    mkdirSync(meet);
    const source = (s: string): string => `source "chroot" "${s}" {
  source_image = "base.img"
  mount_path   = "${dir}/mnt/{{.Device}}"
  output_image = "out-${name}/${s}.img"
  copy_files   = []
  ${opts.source ?? ''}
}
`;
    const rendezvous = `provisioner "shell-local" {
    inline = [
      "touch ${meet}/$PACKER_BUILD_NAME",
      "i=0; while [ ! -e ${meet}/one ] || [ ! -e ${meet}/two ]; do i=$((i+1)); [ $i -gt 300 ] && { echo the other build never came >&2; exit 1; }; sleep 0.05; done",
    ]
  }`;
    const file = join(dir, `${name}.pkr.hcl`);
    writeFileSync(
      file,
      `${source('one')}${source('two')}${opts.extraSource ?? ''}
build {
  sources = ["source.chroot.one", "source.chroot.two"]
  ${opts.rendezvous === false ? '' : rendezvous}
  provisioner "shell" {
    inline = ${JSON.stringify(opts.inline)}
  }
}
`,
    );
    return file;
  }

  const cli = (args: string[], opts: { detached?: boolean } = {}): ResultPromise<{ all: true; reject: false }> =>
    execa(process.execPath, [join(dist, 'cli/main.js'), ...args], {
      cwd: dir,
      reject: false,
      all: true,
      detached: opts.detached,
      env: { CHROOTFORGE_STATE_DIR: stateDir },
    });

  function greeting(image: string): string {
    const mnt = join(dir, 'check');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', image, mnt]);
    try {
      return readFileSync(join(mnt, 'etc/greeting'), 'utf8');
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  /** Journals, work directories, temp artifacts and lock files left anywhere under the test's directory. */
  function strays(): string[] {
    const journal = join(stateDir, 'journal');
    const journals = existsSync(journal) ? readdirSync(journal).map((n) => `journal ${n}`) : [];
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
      /(^|\/)\.chrootforge-|\.tmp-|\.lock$/.test(p),
    );
    return [...journals, ...files, ...leftovers(dir)];
  }

  it('two sources build at once, each with its own devices, and both artifacts are right', async () => {
    const file = template({ inline: ['echo "hello from $PACKER_BUILD_NAME" > /etc/greeting'] });
    const r = await cli(['build', file]);
    expect(r.exitCode, r.all).toBe(0);
    const out = `out-t${runs}`;
    expect(greeting(join(dir, out, 'one.img'))).toBe('hello from one\n');
    expect(greeting(join(dir, out, 'two.img'))).toBe('hello from two\n');
    // Output prefixed by build name, each build on its own loop device.
    const devices = ['one', 'two'].map(
      (s) => new RegExp(`^==> chroot\\.${s}: Mounting the root device (/dev/loop\\d+)`, 'm').exec(r.stdout)?.[1],
    );
    expect(devices[0]).toBeDefined();
    expect(devices[1]).toBeDefined();
    expect(devices[0]).not.toBe(devices[1]);
    expect(r.stdout).toMatch(/^Build 'chroot\.one' finished after .+\.$/m);
    expect(r.stdout).toMatch(/^Build 'chroot\.two' finished after .+\.$/m);
    expect(r.stdout).toMatch(/^==> Wait completed after /m);
    expect(r.stdout).toMatch(
      new RegExp(
        `==> Builds finished\\. The artifacts of successful builds are:\\n--> chroot\\.(one|two): .*/${out}/(one|two)\\.img\\n--> chroot\\.(one|two): `,
      ),
    );
    // Not a terminal: no colour, no bar.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes (ESC) are what this checks
    expect(r.all).not.toMatch(/\x1b/);
    expect(strays()).toEqual([]);
  });

  it('-parallel-builds=1 runs them one after another', async () => {
    const file = template({ inline: ['echo "serial $PACKER_BUILD_NAME" > /etc/greeting'], rendezvous: false });
    const r = await cli(['build', '-parallel-builds=1', file]);
    expect(r.exitCode, r.all).toBe(0);
    // The builds' own lines, before the closing summary names both again.
    const lines = r.stdout.slice(0, r.stdout.indexOf('==> Wait completed')).split('\n');
    const lastOfOne = lines.findLastIndex((l) => l.includes('chroot.one'));
    const firstOfTwo = lines.findIndex((l) => l.includes('chroot.two'));
    expect(lastOfOne).toBeLessThan(firstOfTwo);
    expect(greeting(join(dir, `out-t${runs}`, 'two.img'))).toBe('serial two\n');
    expect(strays()).toEqual([]);
  });

  it('-parallel-builds=2 with three sources: two at a time, never three', async () => {
    const name = `t${++runs}`;
    const live = join(dir, `live-${name}`);
    mkdirSync(live);
    const source = (s: string): string => `source "chroot" "${s}" {
  source_image = "base.img"
  mount_path   = "${dir}/mnt/{{.Device}}"
  output_image = "out-${name}/${s}.img"
  copy_files   = []
}
`;
    const file = join(dir, `${name}.pkr.hcl`);
    // Each build marks itself live while it provisions and notes how many are live, before and after a pause.
    writeFileSync(
      file,
      `${source('a')}${source('b')}${source('c')}
build {
  sources = ["source.chroot.a", "source.chroot.b", "source.chroot.c"]
  provisioner "shell-local" {
    inline = [
      "touch ${live}/$PACKER_BUILD_NAME",
      "ls ${live} | wc -l >> ${live}.counts",
      "sleep 1.5",
      "ls ${live} | wc -l >> ${live}.counts",
      "rm ${live}/$PACKER_BUILD_NAME",
    ]
  }
}
`,
    );
    const r = await cli(['build', '-parallel-builds=2', file]);
    expect(r.exitCode, r.all).toBe(0);
    const counts = readFileSync(`${live}.counts`, 'utf8').trim().split('\n').map(Number);
    expect(counts).toHaveLength(6);
    expect(Math.max(...counts), counts.join(' ')).toBe(2);
    for (const s of ['a', 'b', 'c']) expect(existsSync(join(dir, `out-${name}`, `${s}.img`))).toBe(true);
    expect(strays()).toEqual([]);
  });

  it('a failed build leaves the other to finish: exit 1, its error and the other artifact listed', async () => {
    const file = template({
      inline: [
        'echo "built $PACKER_BUILD_NAME" > /etc/greeting',
        'sleep 0.5',
        '[ "$PACKER_BUILD_NAME" != two ] || exit 9',
      ],
    });
    const r = await cli(['build', file]);
    expect(r.exitCode, r.all).toBe(1);
    expect(greeting(join(dir, `out-t${runs}`, 'one.img'))).toBe('built one\n');
    expect(existsSync(join(dir, `out-t${runs}`, 'two.img'))).toBe(false);
    expect(r.stderr).toMatch(/^Build 'chroot\.two' errored after .*exit status: 9/m);
    expect(r.stderr).toMatch(
      /==> Some builds didn't complete successfully and had errors:\n--> chroot\.two: .*exit status: 9/,
    );
    expect(r.stdout).toMatch(/--> chroot\.one: .*one\.img$/m);
    expect(r.stdout).not.toMatch(/--> chroot\.two:/);
    expect(strays()).toEqual([]);
  });

  it('-on-error=abort keeps the failed build for inspection; the other finishes and cleans up', async () => {
    const file = template({
      inline: ['echo "kept $PACKER_BUILD_NAME" > /etc/greeting', '[ "$PACKER_BUILD_NAME" != one ] || exit 7'],
    });
    const r = await cli(['build', '-on-error=abort', file]);
    expect(r.exitCode, r.all).toBe(1);
    expect(greeting(join(dir, `out-t${runs}`, 'two.img'))).toBe('kept two\n');
    const command =
      /Resources of 'chroot\.one' were left in place\. Undo them with:\n\s+.*chrootforge cleanup --build-id (\S+)/.exec(
        r.stderr,
      );
    expect(command, r.stderr).not.toBeNull();
    // Only the failed build's loop device and mounts are left.
    const left = leftovers(dir);
    expect(left.length).toBeGreaterThan(0);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([`${command![1]}.jsonl`]);
    const c = await cli(['cleanup', '--build-id', command![1]!]);
    expect(c.exitCode, c.all).toBe(0);
    expect(strays()).toEqual([]);
  });

  it('Ctrl-C while both builds provision: every build cleans up, nothing is left, exit 130', async () => {
    const file = template({ inline: ['sleep 1000 &', 'echo "$PACKER_BUILD_NAME is provisioning"', 'sleep 1000'] });
    const child = cli(['build', file], { detached: true });
    let text = '';
    child.all?.on('data', (d: Buffer) => (text += d.toString()));
    await waitFor(
      () => text,
      /one is provisioning[\s\S]*two is provisioning|two is provisioning[\s\S]*one is provisioning/,
    );
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    expect(r.stderr).toMatch(/Received SIGINT: stopping the builds and cleaning up/);
    expect(r.stdout).toMatch(/Cleanly cancelled builds after being interrupted\./);
    expect(r.all).toMatch(/==> chroot\.one: Build interrupted/);
    expect(r.all).toMatch(/==> chroot\.two: Build interrupted/);
    expect(strays()).toEqual([]);
    expect(leftIn(join(dir, `out-t${runs}`))).toEqual([]);
  });

  it('Ctrl-C while both artifacts are being written: no temp artifact, no artifact, nothing held', async () => {
    // 96 MiB of random data in each image: tar.gz takes seconds to write it.
    const file = template({
      inline: ['dd if=/dev/urandom of=/random bs=1M count=96 2>/dev/null'],
      source: 'image_size = "160M"\n  output_format = "tar.gz"',
    });
    const child = cli(['build', file], { detached: true });
    let text = '';
    child.all?.on('data', (d: Buffer) => (text += d.toString()));
    await waitFor(
      () => text,
      /chroot\.one: Writing the tar\.gz artifact[\s\S]*chroot\.two: Writing the tar\.gz artifact|chroot\.two: Writing the tar\.gz artifact[\s\S]*chroot\.one: Writing the tar\.gz artifact/,
      60_000,
    );
    const out = join(dir, `out-t${runs}`);
    const temps = (): string =>
      readdirSync(out)
        .filter((n) => n.includes('.tmp-'))
        .join('\n');
    // Both temp artifacts exist: the interrupt lands mid-write.
    await waitFor(temps, /\.tmp-.*\n.*\.tmp-/, 20_000);
    expect(text).not.toMatch(/Builds finished/);
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    expect(strays()).toEqual([]);
    expect(leftIn(out)).toEqual([]);
  }, 120_000);

  it('two sources writing one output_image: refused before anything starts', async () => {
    const file = template({
      inline: ['true'],
      extraSource: `source "chroot" "three" {
  source_image = "base.img"
  output_image = "out-shared/one.img"
}
`,
    });
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/out-t\d+\/one\.img/, 'out-shared/one.img')
        .replace('"source.chroot.two"]', '"source.chroot.two", "source.chroot.three"]'),
    );
    const r = await cli(['build', file]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toMatch(/chroot\.one and chroot\.three both write output_image .*out-shared\/one\.img/);
    expect(r.stdout).not.toMatch(/==>/);
    expect(existsSync(join(dir, 'out-shared'))).toBe(false);
    expect(strays()).toEqual([]);
  });
});

async function waitFor(text: () => string, pattern: RegExp, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
