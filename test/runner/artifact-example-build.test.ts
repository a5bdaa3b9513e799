/**
 * The bundled example, built the way the README says (make-base-image.sh,
 * then `chrootforge build examples/busybox.pkr.hcl`) in a private copy; the
 * artifact is mounted and every provisioner's effect checked, with the
 * post-processors' files.
 */
import { execa } from 'execa';
import { cp, lstat, readFile, readlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing, skipNote } from '../support/requirements.js';
import {
  REPO_ROOT,
  cleanupTempDir,
  loopDevicesUnder,
  makeBaseImage,
  makeTempDir,
  partitionsOf,
  withMountedPartition,
} from '../fixtures/images/image-helpers.js';

const CLI = join(REPO_ROOT, 'dist/cli/main.js');
const why = missing.loop() ?? (existsSync(CLI) ? undefined : 'needs dist/ (npm run build)');

describe.skipIf(why)(`examples/busybox.pkr.hcl builds${skipNote(why)}`, () => {
  let tmp: string;
  let example: string;
  let build: { exitCode?: number; stdout: string; stderr: string };

  beforeAll(async () => {
    tmp = await makeTempDir('example-build');
    example = join(tmp, 'example');
    for (const name of ['busybox.pkr.hcl', 'files', 'scripts'])
      await cp(join(REPO_ROOT, 'examples', name), join(example, name), { recursive: true });
    await makeBaseImage(join(example, 'base.img'));
    build = await execa(process.execPath, [CLI, 'build', join(example, 'busybox.pkr.hcl')], {
      reject: false,
      all: false,
    });
  }, 120_000);

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  it('exits 0 and names the artifact', () => {
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    expect(build.stdout).toContain(`--> chroot.busybox: ${join(example, 'output/busybox.img')}\n`);
  });

  it('the artifact has the provisioners’ changes, a restored resolv.conf link and a grown root', async () => {
    const img = join(example, 'output/busybox.img');
    expect((await lstat(img)).size).toBe(128 * 1024 * 1024);
    const [, p2] = await partitionsOf(img);
    expect((p2!.start + p2!.size) * 512).toBe(128 * 1024 * 1024);
    await withMountedPartition(img, 2, tmp, async (root) => {
      expect(await readFile(join(root, 'etc/hostname'), 'utf8')).toBe('chrootforge-example\n');
      expect(await readFile(join(root, 'etc/motd'), 'utf8')).toContain('Built by chrootforge');
      expect(await readFile(join(root, 'etc/chrootforge/greeting'), 'utf8')).toBe('hello from chrootforge\n');
      expect(await readFile(join(root, 'etc/passwd'), 'utf8')).toMatch(/^demo:x:1000:1000:/m);
      expect((await lstat(join(root, 'home/demo'))).uid).toBe(1000);
      expect(await readlink(join(root, 'etc/resolv.conf'))).toBe('../run/systemd/resolve/stub-resolv.conf');
    });
    await withMountedPartition(img, 1, tmp, async (boot) => {
      expect(await readFile(join(boot, 'config.txt'), 'utf8')).toBe('arm_64bit=1\n');
    });
  });

  it('shell-local ran on the host with build.MountPath and build.Device', () => {
    expect(build.stdout).toMatch(/the image root was mounted at \/\S+ from \/dev\/loop\d+(p2)?/);
  });

  it('the checksum verifies and the manifest names the artifact', async () => {
    const out = join(example, 'output');
    await execa('sha256sum', ['-c', 'busybox.img.sha256'], { cwd: out });
    const manifest = JSON.parse(await readFile(join(out, 'packer-manifest.json'), 'utf8'));
    expect(manifest.builds).toHaveLength(1);
    expect(manifest.builds[0]).toMatchObject({
      name: 'busybox',
      builder_type: 'chroot',
      files: [{ name: 'busybox.img', size: 128 * 1024 * 1024 }],
    });
    expect(manifest.last_run_uuid).toBe(manifest.builds[0].packer_run_uuid);
  });
});

describe.skipIf(why)(`examples/busybox.pkr.hcl as a tar.zst rootfs${skipNote(why)}`, () => {
  let tmp: string;
  let example: string;

  beforeAll(async () => {
    tmp = await makeTempDir('example-tar');
    example = join(tmp, 'example');
    for (const name of ['busybox.pkr.hcl', 'files', 'scripts'])
      await cp(join(REPO_ROOT, 'examples', name), join(example, name), { recursive: true });
    const hcl = join(example, 'busybox.pkr.hcl');
    const text = (await readFile(hcl, 'utf8'))
      .replace(
        'output_image  = "${local.output_dir}/busybox.img"',
        'output_image  = "${local.output_dir}/busybox.tar.zst"',
      )
      .replace('output_format = "raw"', 'output_format = "tar.zst"');
    expect(text).toContain('output_format = "tar.zst"');
    await writeFile(hcl, text);
    await makeBaseImage(join(example, 'base.img'));
  }, 60_000);

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  it('holds the provisioned tree and /boot/firmware, nothing of /proc, owners by number', async () => {
    const build = await execa(process.execPath, [CLI, 'build', join(example, 'busybox.pkr.hcl')], { reject: false });
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    const listing = (
      await execa('tar', [
        '--list',
        '--verbose',
        '--numeric-owner',
        '--zstd',
        '--file',
        join(example, 'output/busybox.tar.zst'),
      ])
    ).stdout;
    const names = listing.split('\n').map((l) => l.split(/\s+/).slice(5).join(' '));
    expect(names).toContain('./boot/firmware/config.txt');
    expect(names).toContain('./etc/chrootforge/greeting');
    expect(names).toContain('./etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf');
    expect(names.filter((n) => n.startsWith('./proc/') && n !== './proc/')).toEqual([]);
    expect(listing).toMatch(/^drwxr-xr-x 1000\/1000 .* \.\/home\/demo\/$/m);
  });
});
