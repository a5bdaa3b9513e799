/**
 * examples/make-base-image.sh: a partitioned busybox image made offline in
 * well under a few seconds, with a root a chroot can run.
 */
import { execa } from 'execa';
import { lstat, readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing, skipNote } from '../support/requirements.js';
import {
  allocatedBytes,
  cleanupTempDir,
  loopDevicesUnder,
  makeBaseImage,
  makeTempDir,
  partitionsOf,
  withMountedPartition,
} from '../fixtures/images/image-helpers.js';

describe.skipIf(missing.loop())(`examples/make-base-image.sh${skipNote(missing.loop())}`, () => {
  let tmp: string;
  let image: string;
  let seconds: number;

  beforeAll(async () => {
    tmp = await makeTempDir('base-example');
    const t0 = Date.now();
    image = await makeBaseImage(join(tmp, 'base.img'), 64);
    seconds = (Date.now() - t0) / 1000;
  });

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  it('is quick and small: a 64 MiB sparse image, two partitions', async () => {
    expect(seconds).toBeLessThan(5);
    expect((await lstat(image)).size).toBe(64 * 1024 * 1024);
    expect(await allocatedBytes(image)).toBeLessThan(12 * 1024 * 1024);
    const parts = await partitionsOf(image);
    expect(parts.map((p) => [p.start, p.size])).toEqual([
      [2048, 65536],
      [67584, 64 * 2048 - 67584],
    ]);
    // No temp file or tree left next to it.
    expect(await readdir(tmp)).toEqual(['base.img']);
  });

  it('has a busybox root a chroot can run, with a relative resolv.conf link', async () => {
    await withMountedPartition(image, 2, tmp, async (root) => {
      expect((await lstat(join(root, 'bin/busybox'))).mode & 0o777).toBe(0o755);
      expect(await readlink(join(root, 'bin/sh'))).toBe('busybox');
      expect(await realpath(join(root, 'usr/bin/env'))).toBe(join(await realpath(root), 'bin/busybox'));
      expect(await readlink(join(root, 'etc/resolv.conf'))).toBe('../run/systemd/resolve/stub-resolv.conf');
      expect(await readFile(join(root, 'etc/os-release'), 'utf8')).toMatch(/^ID=chrootforge-busybox$/m);
      expect((await lstat(join(root, 'tmp'))).mode & 0o7777).toBe(0o1777);
      expect((await lstat(join(root, 'boot/firmware'))).isDirectory()).toBe(true);
      // The applets run (busybox is static: no loader needed in the image).
      const { stdout } = await execa(join(root, 'bin/busybox'), ['echo', 'ok']);
      expect(stdout).toBe('ok');
    });
  });

  it('has a mountable boot partition labelled BOOT', async () => {
    const label = (
      await execa('blkid', ['-p', '-o', 'value', '-s', 'LABEL', '--offset', String(2048 * 512), image], {
        reject: false,
      })
    ).stdout;
    expect(label).toBe('BOOT');
    await withMountedPartition(image, 1, tmp, async (boot) => {
      expect((await lstat(boot)).isDirectory()).toBe(true);
    });
  });
});
