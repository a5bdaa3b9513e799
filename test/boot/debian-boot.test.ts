/**
 * The Debian examples build bootable images, and they boot: each template
 * is built by the CLI over the cached debootstrap base (test/fixtures/debian/
 * cache.ts), then the artifact boots in QEMU and the test passes when the
 * marker given to the build (`-var marker=…`) is printed on the serial
 * console by the image's chrootforge-marker.service. amd64 boots with
 * SeaBIOS (KVM when a guest really runs under it, TCG otherwise), arm64 on
 * `-machine virt` with the UEFI firmware of Debian's qemu-efi-aarch64.
 * Each slow part prints how long it took.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINFMT_DIR } from '../../runner/steps/qemu-setup.js';
import { isMountPoint } from '../../runner/chroot/mountinfo.js';
import { bootUntil, bootX86 } from '../fixtures/debian/boot.js';
import { cachedDebianBase } from '../fixtures/debian/cache.js';
import { compileProject } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers, mountsUnder, processesRootedUnder } from '../fixtures/runner/leaks.js';
import { missing, skipNote } from '../support/requirements.js';

const PROJECT = resolve(import.meta.dirname, '../..');
const AARCH64_FIRMWARE = '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd';
const MINUTE = 60_000;

const needs = (tools: string[], extra?: () => string | undefined): string | undefined =>
  missing.loop() ?? tools.map((t) => missing.tool(t)).find(Boolean) ?? extra?.();

const amd64Missing = needs(['debootstrap', 'zstd', 'qemu-system-x86_64', 'qemu-img']);
const arm64Missing = needs(
  ['debootstrap', 'zstd', 'qemu-system-aarch64', 'qemu-aarch64-static', 'update-binfmts', 'mkfs.vfat', 'mdir'],
  () => (existsSync(AARCH64_FIRMWARE) ? undefined : `needs ${AARCH64_FIRMWARE} (apt-get install qemu-efi-aarch64)`),
);

/** Prints one timing line that stays visible in the test output. */
function timing(what: string, seconds: number): void {
  console.log(`[timing] ${what}: ${seconds.toFixed(1)} s`);
}

/** Builds one of the example templates with the CLI; returns the artifact and where the root was mounted. */
async function buildExample(
  dist: string,
  dir: string,
  arch: 'amd64' | 'arm64',
  vars: Record<string, string>,
): Promise<{ output: string; mountPath: string }> {
  const t0 = Date.now();
  const base = cachedDebianBase(arch);
  timing(`debootstrap base ${arch} (${base.hit ? 'cache hit' : 'made now'})`, base.hit ? 0 : base.seconds);
  const args = [join(dist, 'cli/main.js'), 'build', '-var', `base=${base.path}`, '-var', `output_dir=${dir}`];
  for (const [k, v] of Object.entries(vars)) args.push('-var', `${k}=${v}`);
  args.push(join(PROJECT, 'examples/debian', arch));
  const t1 = Date.now();
  const result = await execa(process.execPath, args, {
    reject: false,
    all: true,
    env: { CHROOTFORGE_STATE_DIR: join(dir, 'state') },
    timeout: 25 * MINUTE,
  });
  timing(`chrootforge build examples/debian/${arch}`, (Date.now() - t1) / 1000);
  expect(result.exitCode, result.all?.slice(-6000)).toBe(0);
  const mountPath = /Mounting the root device \S+ at (\S+?)\.\.\./.exec(result.all ?? '')?.[1];
  expect(mountPath, 'the build names its mount path (the default one)').toMatch(/^\/mnt\/chrootforge\/loop[0-9]+$/);
  // Nothing left: no loop device on the working image, no mount, no process in the chroot.
  expect(leftovers(dir)).toEqual([]);
  expect(mountsUnder(mountPath!)).toEqual([]);
  expect(processesRootedUnder(mountPath!)).toEqual([]);
  expect(readdirSync(join(dir, 'state', 'journal'))).toEqual([]);
  timing(`build ${arch} with its base`, (Date.now() - t0) / 1000);
  return { output: result.all ?? '', mountPath: mountPath! };
}

describe.skipIf(amd64Missing)(`Debian 12 amd64 example: built and booted${skipNote(amd64Missing)}`, () => {
  let dir: string;
  let dist: string;
  const marker = `chrootforge-boot-amd64-${randomBytes(6).toString('hex')}`;
  beforeAll(() => {
    dir = mkdtempSync(join('/var/tmp', 'cf-boot-amd64-'));
    chmodSync(dir, 0o755);
    dist = compileProject();
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  it('builds examples/debian/amd64 as qcow2, leaving nothing behind', { timeout: 40 * MINUTE }, async () => {
    const { output } = await buildExample(dist, dir, 'amd64', { marker, output_format: 'qcow2' });
    expect(output).toMatch(/Preventing service starts in the chroot/);
    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', join(dir, 'debian-amd64.qcow2')], { encoding: 'utf8' }),
    ) as { format: string; 'virtual-size': number };
    expect(info.format).toBe('qcow2');
    expect(info['virtual-size']).toBe(2 * 1024 ** 3);
  });

  it('boots in qemu-system-x86_64 (SeaBIOS, GRUB, systemd) and the unit prints the marker', {
    timeout: 20 * MINUTE,
  }, async () => {
    const image = join(dir, 'debian-amd64.qcow2');
    expect(existsSync(image), 'the build test made the image').toBe(true);
    const boot = await bootX86({
      command: 'qemu-system-x86_64',
      args: ['-m', '1024', '-smp', '2', '-drive', `file=${image},if=virtio,format=qcow2,snapshot=on`],
      expect: new RegExp(`^${marker}\\r?$`, 'm'),
      // SeaBIOS prints nothing on the serial port; GRUB's menu is the first sign.
      alive: /GNU GRUB/,
      timeoutMs: 12 * MINUTE,
      logFile: join(dir, 'console-amd64.log'),
    });
    console.log(`[boot] amd64: ${boot.note}`);
    timing(`boot amd64 to the marker (${boot.accel})`, boot.seconds);
    expect(boot.found, `no marker on the console; its end:\n${boot.tail}`).toBe(true);
  });
});

describe.skipIf(arm64Missing)(
  `Debian 12 arm64 example: built through qemu-user, booted with UEFI${skipNote(arm64Missing)}`,
  () => {
    let dir: string;
    let dist: string;
    let binfmtMountedHere = false;
    let binfmtEnabledHere = false;
    const marker = `chrootforge-boot-arm64-${randomBytes(6).toString('hex')}`;
    beforeAll(() => {
      dir = mkdtempSync(join('/var/tmp', 'cf-boot-arm64-'));
      chmodSync(dir, 0o755);
      dist = compileProject();
      // The host's part of a foreign build: qemu-aarch64 registered in binfmt_misc
      // (on most hosts systemd-binfmt did it at boot; put back as found afterwards).
      if (!isMountPoint(BINFMT_DIR)) {
        execFileSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR]);
        binfmtMountedHere = true;
      }
      if (!existsSync(join(BINFMT_DIR, 'qemu-aarch64'))) {
        execFileSync('update-binfmts', ['--enable', 'qemu-aarch64']);
        binfmtEnabledHere = true;
      }
    });
    afterAll(() => {
      forceRelease(dir);
      rmSync(dir, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
      if (binfmtEnabledHere && !binfmtMountedHere) execFileSync('update-binfmts', ['--disable', 'qemu-aarch64']);
      if (binfmtMountedHere) execFileSync('umount', [BINFMT_DIR]);
    });

    it('builds examples/debian/arm64 as raw through qemu user emulation, leaving nothing behind', {
      timeout: 60 * MINUTE,
    }, async () => {
      const { output } = await buildExample(dist, dir, 'arm64', { marker, output_format: 'raw' });
      expect(output).toMatch(/binfmt entry qemu-aarch64/);
      // An ESP holding GRUB as the removable-media loader, read without mounting.
      const esp = execFileSync('mdir', ['-i', `${join(dir, 'debian-arm64.img')}@@1M`, '-b', '::/EFI/BOOT'], {
        encoding: 'utf8',
      });
      expect(esp).toMatch(/BOOTAA64\.EFI/);
    });

    it('boots in qemu-system-aarch64 -machine virt with UEFI and the unit prints the marker', {
      timeout: 30 * MINUTE,
    }, async () => {
      const image = join(dir, 'debian-arm64.img');
      expect(existsSync(image), 'the build test made the image').toBe(true);
      console.log('[boot] arm64: TCG (another architecture is always emulated)');
      const boot = await bootUntil({
        command: 'qemu-system-aarch64',
        args: [
          '-machine',
          'virt',
          '-cpu',
          'cortex-a57',
          '-smp',
          '2',
          '-m',
          '1024',
          '-bios',
          AARCH64_FIRMWARE,
          '-drive',
          `file=${image},if=virtio,format=raw,snapshot=on`,
        ],
        expect: new RegExp(`^${marker}\\r?$`, 'm'),
        timeoutMs: 20 * MINUTE,
        logFile: join(dir, 'console-arm64.log'),
      });
      timing('boot arm64 to the marker (TCG)', boot.seconds);
      expect(boot.found, `no marker on the console; its end:\n${boot.tail}`).toBe(true);
    });
  },
);
