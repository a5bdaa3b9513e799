/**
 * image_size growth: the file, the last (root) partition and its ext4 file
 * system, checked with sfdisk and dumpe2fs, then mounted.
 */
import { execa } from 'execa';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkingImage } from '../../runner/image/prepare-working-image.js';
import { missing, skipNote } from '../support/requirements.js';
import {
  chrootSource,
  cleanupTempDir,
  loopDevicesUnder,
  makeBaseImage,
  makeTempDir,
  partitionNumber,
  partitionsOf,
  withMountedPartition,
} from '../fixtures/images/image-helpers.js';

const MiB = 1024 * 1024;

/** ext file system size in bytes, from dumpe2fs (offset syntax: no loop device). */
async function extBytes(image: string, offset: number): Promise<number> {
  const { stdout } = await execa('dumpe2fs', ['-h', offset ? `${image}?offset=${offset}` : image], {
    stderr: 'ignore',
  });
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(stdout)?.[1]);
  return field('Block count') * field('Block size');
}

describe.skipIf(missing.loop())(`prepareWorkingImage: image_size growth${skipNote(missing.loop())}`, () => {
  let tmp: string;
  let base: string;
  let n = 0;
  const lines: string[] = [];
  const opts = (): { workDir: string; log: (l: string) => void } => ({
    workDir: join(tmp, `work-${++n}`),
    log: (l) => lines.push(l),
  });

  beforeAll(async () => {
    tmp = await makeTempDir('image-grow');
    base = await makeBaseImage(join(tmp, 'base.img'), 96);
  });

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  it('grows the last partition and its ext4 to the end of the disk', async () => {
    const before = await partitionsOf(base);
    const wi = await prepareWorkingImage(
      chrootSource({ source_image: base, image_size: 160 * MiB, mount_partition: '2' }),
      base,
      opts(),
    );
    expect((await lstat(wi.path)).size).toBe(160 * MiB);
    const [p1, p2] = await partitionsOf(wi.path);
    expect(p1).toEqual({ ...before[0], node: `${wi.path}1` });
    expect(p2!.start).toBe(before[1]!.start);
    expect((p2!.start + p2!.size) * 512).toBe(160 * MiB);
    const fs = await extBytes(wi.path, p2!.start * 512);
    expect(fs).toBeGreaterThan(p2!.size * 512 - 4096);
    expect(fs).toBeLessThanOrEqual(p2!.size * 512);
    expect(await withMountedPartition(wi.path, 2, tmp, (d) => readFile(join(d, 'etc/hostname'), 'utf8'))).toBe(
      'base\n',
    );
    // The source keeps its size and table.
    expect((await lstat(base)).size).toBe(96 * MiB);
  });

  it('only extends the file when the root partition is not the last one', async () => {
    const before = await partitionsOf(base);
    const wi = await prepareWorkingImage(
      chrootSource({ source_image: base, image_size: 128 * MiB, mount_partition: '1' }),
      base,
      opts(),
    );
    expect((await lstat(wi.path)).size).toBe(128 * MiB);
    expect((await partitionsOf(wi.path)).map((p) => p.size)).toEqual(before.map((p) => p.size));
    expect(lines.join('\n')).toMatch(/Partition 1 is not the last partition/);
  });

  it('grows a GPT image (backup header moved) and a whole-disk ext4', async () => {
    const gpt = join(tmp, 'gpt.img');
    await execa('truncate', ['-s', '64M', gpt]);
    await execa('sfdisk', ['--quiet', gpt], {
      input: 'label: gpt\nstart=2048, type=0FC63DAF-8483-4772-8E7D-3D69D84793E4\n',
    });
    const [p] = await partitionsOf(gpt);
    await execa('mkfs.ext4', ['-q', '-F', '-E', `offset=${p!.start * 512}`, gpt, `${(p!.size * 512) / 1024}k`]);
    const wi = await prepareWorkingImage(
      chrootSource({ source_image: gpt, image_size: 100 * MiB, mount_partition: '1' }),
      gpt,
      opts(),
    );
    const [grown] = await partitionsOf(wi.path);
    // GPT keeps 33 sectors for the backup table at the end; sfdisk aligns the end to 1 MiB.
    expect((grown!.start + grown!.size) * 512).toBeGreaterThan(98 * MiB);
    expect(await extBytes(wi.path, grown!.start * 512)).toBeGreaterThan(90 * MiB);
    const verify = await execa('sfdisk', ['--verify', wi.path], { reject: false });
    expect(verify.stdout + verify.stderr).not.toMatch(/not at the end|Backup/i);

    const whole = join(tmp, 'whole.img');
    await execa('truncate', ['-s', '32M', whole]);
    await execa('mkfs.ext4', ['-q', '-F', whole]);
    const wi2 = await prepareWorkingImage(
      chrootSource({ source_image: whole, image_size: 48 * MiB, mount_partition: '0' }),
      whole,
      opts(),
    );
    expect(await extBytes(wi2.path, 0)).toBe(48 * MiB);
  });

  it('refuses to shrink, naming both sizes', async () => {
    await expect(
      prepareWorkingImage(chrootSource({ source_image: base, image_size: 64 * MiB }), base, opts()),
    ).rejects.toThrow(/image_size \(67108864 bytes\) is smaller than the source image \(100663296 bytes\)/);
  });

  it('leaves the partition alone when it is not ext2/3/4', async () => {
    const vfat = join(tmp, 'vfat.img');
    await execa('truncate', ['-s', '48M', vfat]);
    await execa('sfdisk', ['--quiet', vfat], { input: 'label: dos\nstart=2048, type=c\n' });
    const before = await partitionsOf(vfat);
    const wi = await prepareWorkingImage(
      chrootSource({ source_image: vfat, image_size: 64 * MiB, mount_partition: '1' }),
      vfat,
      opts(),
    );
    expect((await partitionsOf(wi.path))[0]!.size).toBe(before[0]!.size);
    expect(lines.join('\n')).toMatch(/does not hold ext2\/3\/4/);
  });

  it('grows a logical root partition and its extended container', async () => {
    const img = join(tmp, 'logical.img');
    await execa('truncate', ['-s', '64M', img]);
    await execa('sfdisk', ['--quiet', img], {
      input: 'label: dos\nstart=2048, size=32768, type=83\nstart=34816, type=5\nstart=36864, type=83\n',
    });
    const p5 = (await partitionsOf(img)).find((p) => partitionNumber(p.node) === 5)!;
    await execa('mkfs.ext4', ['-q', '-F', '-E', `offset=${p5.start * 512}`, img, `${(p5.size * 512) / 1024}k`]);
    const wi = await prepareWorkingImage(
      chrootSource({ source_image: img, image_size: 96 * MiB, mount_partition: '5' }),
      img,
      opts(),
    );
    const parts = await partitionsOf(wi.path);
    const ext = parts.find((p) => p.type === '5')!;
    const grown = parts.find((p) => partitionNumber(p.node) === 5)!;
    expect((ext.start + ext.size) * 512).toBe(96 * MiB);
    expect((grown.start + grown.size) * 512).toBe(96 * MiB);
    expect(await extBytes(wi.path, grown.start * 512)).toBeGreaterThan(grown.size * 512 - 4096);
  });

  it('tells the caller the temp path it builds under, which is gone afterwards', async () => {
    const temps: string[] = [];
    const wi = await prepareWorkingImage(chrootSource({ source_image: base, image_size: 100 * MiB }), base, {
      ...opts(),
      onTempPath: (t) => void temps.push(t),
    });
    expect(temps).toHaveLength(1);
    expect(temps[0]!.startsWith(`${wi.path}.tmp-`)).toBe(true);
    await expect(lstat(temps[0]!)).rejects.toThrow();
    await expect(prepareWorkingImage(chrootSource({ from_scratch: true }), undefined, opts())).rejects.toThrow(
      /from_scratch needs image_size/,
    );
  });
});
