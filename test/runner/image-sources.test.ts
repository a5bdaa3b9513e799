/**
 * prepareWorkingImage turns every kind of source into a raw working image
 * that really mounts: each test mounts the result read-only and reads a file.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile, chown, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkingImage } from '../../runner/image/prepare-working-image.js';
import { missing, skipNote } from '../support/requirements.js';
import {
  allocatedBytes,
  chrootSource,
  cleanupTempDir,
  loopDevicesUnder,
  makeBaseImage,
  makeTempDir,
  withMountedPartition,
} from '../fixtures/images/image-helpers.js';

const MiB = 1024 * 1024;
const log = (): void => {};

describe.skipIf(missing.loop())(`prepareWorkingImage: source kinds${skipNote(missing.loop())}`, () => {
  let tmp: string;
  let base: string;
  let baseSha: string;
  let n = 0;
  /** A fresh work directory per call, so results never collide. */
  const workDir = (): string => join(tmp, `work-${++n}`);

  beforeAll(async () => {
    tmp = await makeTempDir('image-sources');
    base = await makeBaseImage(join(tmp, 'base.img'));
    baseSha = createHash('sha256')
      .update(await readFile(base))
      .digest('hex');
  });

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  const osRelease = (image: string): Promise<string> =>
    withMountedPartition(image, 2, tmp, (dir) => readFile(join(dir, 'etc/os-release'), 'utf8'));

  it('copies a raw image sparsely and leaves the source unchanged', async () => {
    const wi = await prepareWorkingImage(chrootSource({ source_image: base }), base, { workDir: workDir(), log });
    expect(wi.kind).toBe('raw');
    expect(await osRelease(wi.path)).toContain('chrootforge busybox');
    expect(await allocatedBytes(wi.path)).toBeLessThan(30 * MiB);
    expect(
      createHash('sha256')
        .update(await readFile(base))
        .digest('hex'),
    ).toBe(baseSha);
  });

  it('converts qcow2 (also when named .img)', async () => {
    const q = join(tmp, 'base-qcow2.img');
    await execa('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', base, q]);
    const wi = await prepareWorkingImage(chrootSource({ source_image: q }), q, { workDir: workDir(), log });
    expect((await lstat(wi.path)).size).toBe((await lstat(base)).size);
    expect(await osRelease(wi.path)).toContain('chrootforge busybox');
  });

  for (const [ext, cmd] of [
    ['gz', 'gzip -1'],
    ['xz', 'xz -0 -T0'],
    ['zst', 'zstd -q'],
  ] as const) {
    it(`decompresses .${ext} into a sparse raw image`, async () => {
      const c = join(tmp, `base.img.${ext}`);
      await execa('sh', ['-c', `${cmd} -c "$1" > "$2"`, 'sh', base, c]);
      const wi = await prepareWorkingImage(chrootSource({ source_image: c }), c, { workDir: workDir(), log });
      expect((await lstat(wi.path)).size).toBe((await lstat(base)).size);
      expect(await allocatedBytes(wi.path)).toBeLessThan(30 * MiB);
      expect(await osRelease(wi.path)).toContain('chrootforge busybox');
    });
  }

  describe('rootfs tarballs', () => {
    let tree: string;
    beforeAll(async () => {
      tree = join(tmp, 'tree');
      await mkdir(join(tree, 'etc'), { recursive: true });
      await writeFile(join(tree, 'etc/os-release'), 'NAME=tarball\n');
      await writeFile(join(tree, 'etc/secret'), 'x');
      await chown(join(tree, 'etc/secret'), 1234, 5678);
      await chmod(join(tree, 'etc/secret'), 0o640);
      await symlink('/run/elsewhere', join(tree, 'etc/abs-link'));
    });

    for (const [ext, flag] of [
      ['tar', ''],
      ['tar.gz', '--gzip'],
      ['tar.xz', '--xz'],
      ['tar.zst', '--zstd'],
    ] as const) {
      it(`builds a partitioned ext4 image from a .${ext}`, async () => {
        const t = join(tmp, `rootfs.${ext}`);
        await execa('tar', ['--create', '--file', t, '--directory', tree, ...(flag ? [flag] : []), '.']);
        const wi = await prepareWorkingImage(
          chrootSource({ source_image: t, image_size: 48 * MiB, mount_partition: '1' }),
          t,
          { workDir: workDir(), log },
        );
        expect((await lstat(wi.path)).size).toBe(48 * MiB);
        await withMountedPartition(wi.path, 1, tmp, async (dir) => {
          expect(await readFile(join(dir, 'etc/os-release'), 'utf8')).toBe('NAME=tarball\n');
          const secret = await lstat(join(dir, 'etc/secret'));
          expect([secret.uid, secret.gid, secret.mode & 0o7777]).toEqual([1234, 5678, 0o640]);
          expect(await readlink(join(dir, 'etc/abs-link'))).toBe('/run/elsewhere');
          expect((await lstat(dir)).mode & 0o7777).toBe(0o755);
        });
        // The extracted tree is scratch: nothing but the image is left in workDir.
        expect(await readdir(join(wi.path, '..'))).toEqual(['working-image.raw']);
      });
    }

    it('refuses a tarball without image_size, naming the fix', async () => {
      const t = join(tmp, 'rootfs.tar');
      await expect(
        prepareWorkingImage(chrootSource({ source_image: t }), t, { workDir: workDir(), log }),
      ).rejects.toThrow(/set image_size/);
    });
  });

  it('a truncated compressed source is an error naming the decompressor, and leaves nothing', async () => {
    const c = join(tmp, 'truncated.img.gz');
    await execa('sh', ['-c', 'gzip -1 -c "$1" | head -c 300000 > "$2"', 'sh', base, c]);
    const dir = workDir();
    await expect(prepareWorkingImage(chrootSource({ source_image: c }), c, { workDir: dir, log })).rejects.toThrow(
      /gzip -dc < .*truncated\.img\.gz failed/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('an abort in the middle of decompressing stops the tool and leaves nothing', async () => {
    const big = join(tmp, 'big.img');
    await execa('truncate', ['-s', '256M', big]);
    // Data all along, so the output grows from the start (zero blocks are holes).
    await execa('sh', [
      '-c',
      'for i in $(seq 0 63); do printf data | dd of="$1" bs=1 seek=$((i * 4194304)) conv=notrunc status=none; done',
      'sh',
      big,
    ]);
    await execa('sh', ['-c', 'zstd -q -1 -T0 -c "$1" > "$1.zst"', 'sh', big]);
    const dir = workDir();
    const ac = new AbortController();
    let temp = '';
    const p = prepareWorkingImage(chrootSource({ source_image: `${big}.zst` }), `${big}.zst`, {
      workDir: dir,
      log,
      signal: ac.signal,
      onTempPath: (t) => {
        temp = t;
      },
    });
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Abort once the decompressed output has started to grow.
    for (let i = 0; i < 2000; i++) {
      const size = temp ? ((await lstat(temp).catch(() => undefined))?.size ?? 0) : 0;
      if (size > 0 || settled) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(settled).toBe(false);
    ac.abort();
    await expect(p).rejects.toThrow(/cancelled/);
    expect(await readdir(dir)).toEqual([]);
    // The decompressor was stopped, not left running.
    expect((await execa('pgrep', ['-f', `${big}.zst`], { reject: false })).stdout).toBe('');
  });

  it('from_scratch gives a blank sparse file of image_size', async () => {
    const wi = await prepareWorkingImage(chrootSource({ from_scratch: true, image_size: 64 * MiB }), undefined, {
      workDir: workDir(),
      log,
    });
    expect((await lstat(wi.path)).size).toBe(64 * MiB);
    expect(await allocatedBytes(wi.path)).toBe(0);
  });

  it('names a missing source file', async () => {
    const p = join(tmp, 'nope.img');
    await expect(
      prepareWorkingImage(chrootSource({ source_image: p }), p, { workDir: workDir(), log }),
    ).rejects.toThrow(/nope\.img does not exist/);
  });

  it('leaves no working image and no temp file when aborted', async () => {
    const dir = workDir();
    const ac = new AbortController();
    ac.abort();
    await expect(
      prepareWorkingImage(chrootSource({ source_image: base }), base, { workDir: dir, signal: ac.signal, log }),
    ).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});
