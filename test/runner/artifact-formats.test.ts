/**
 * writeArtifact: raw stays sparse, qcow2 is what qemu-img reads back as the
 * same disk, tar formats hold the image's tree (owners, modes, symlinks, the
 * /boot/firmware partition) but nothing of proc or the /dev bind.
 */
import { execa } from 'execa';
import { chmod, chown, lstat, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkingImage } from '../../runner/image/prepare-working-image.js';
import { writeArtifact } from '../../runner/artifact/write-artifact.js';
import { missing, skipNote } from '../support/requirements.js';
import {
  allocatedBytes,
  chrootSource,
  cleanupTempDir,
  loopDevicesUnder,
  makeBaseImage,
  makeTempDir,
  partitionNumber,
  partitionsOf,
} from '../fixtures/images/image-helpers.js';

const MiB = 1024 * 1024;
const log = (): void => {};

describe.skipIf(missing.loop())(`writeArtifact formats${skipNote(missing.loop())}`, () => {
  let tmp: string;
  let working: string;
  let n = 0;
  const out = (name: string): string => join(tmp, `out-${++n}`, name);

  beforeAll(async () => {
    tmp = await makeTempDir('artifact-formats');
    const base = await makeBaseImage(join(tmp, 'base.img'), 96);
    working = (
      await prepareWorkingImage(chrootSource({ source_image: base }), base, { workDir: join(tmp, 'work'), log })
    ).path;
  });

  afterAll(async () => {
    const leaked = await loopDevicesUnder(tmp);
    await cleanupTempDir(tmp);
    expect(leaked).toEqual([]);
  });

  it('raw: a sparse copy with the same bytes', async () => {
    const a = await writeArtifact({ workingImage: working, format: 'raw', output: out('image.raw'), log });
    expect(a.bytes).toBe(96 * MiB);
    expect(await allocatedBytes(a.path)).toBeLessThan(24 * MiB);
    await execa('cmp', [working, a.path]);
  });

  it('raw with consumeWorkingImage moves the working image', async () => {
    const copy = join(tmp, 'consumable.raw');
    await execa('cp', ['--sparse=always', working, copy]);
    const a = await writeArtifact({
      workingImage: copy,
      format: 'raw',
      output: out('image.raw'),
      consumeWorkingImage: true,
      log,
    });
    await execa('cmp', [working, a.path]);
    await expect(lstat(copy)).rejects.toThrow();
  });

  it('qcow2: qemu-img reads it back as the same disk', async () => {
    const a = await writeArtifact({ workingImage: working, format: 'qcow2', output: out('image.qcow2'), log });
    const info = JSON.parse((await execa('qemu-img', ['info', '--output=json', a.path])).stdout) as {
      format: string;
      'virtual-size': number;
    };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 96 * MiB });
    await execa('qemu-img', ['compare', '-q', '-f', 'raw', '-F', 'qcow2', working, a.path]);
  });

  it('replaces an existing artifact; a directory at the output path is an error', async () => {
    const o = out('image.raw');
    await mkdir(join(o, '..'), { recursive: true });
    await writeFile(o, 'old');
    const lines: string[] = [];
    await writeArtifact({ workingImage: working, format: 'raw', output: o, log: (l) => lines.push(l) });
    expect((await lstat(o)).size).toBe(96 * MiB);
    expect(lines.join('\n')).toMatch(/Replacing the existing artifact/);
    const d = out('dir.raw');
    await mkdir(d, { recursive: true });
    await expect(writeArtifact({ workingImage: working, format: 'raw', output: d, log })).rejects.toThrow(
      /is a directory/,
    );
  });

  describe('tar formats of a mounted root', () => {
    let root: string;
    const mounted: string[] = [];
    const devices: string[] = [];

    async function mountPartition(n: number, at: string): Promise<void> {
      const p = (await partitionsOf(working)).find((q) => partitionNumber(q.node) === n)!;
      const dev = (
        await execa('losetup', [
          '--find',
          '--show',
          '--offset',
          String(p.start * 512),
          '--sizelimit',
          String(p.size * 512),
          working,
        ])
      ).stdout;
      devices.push(dev);
      await execa('mount', [dev, at]);
      mounted.push(at);
    }

    beforeAll(async () => {
      root = join(tmp, 'root');
      await mkdir(root);
      await mountPartition(2, root);
      await mountPartition(1, join(root, 'boot/firmware'));
      await writeFile(join(root, 'boot/firmware/config.txt'), 'arm_64bit=1\n');
      await execa('mount', ['-t', 'proc', 'proc', join(root, 'proc')]);
      mounted.push(join(root, 'proc'));
      await execa('mount', ['--bind', '/dev', join(root, 'dev')]);
      mounted.push(join(root, 'dev'));
      await writeFile(join(root, 'bin/suid-tool'), '#!/bin/sh\n');
      await chown(join(root, 'bin/suid-tool'), 1234, 5678);
      await chmod(join(root, 'bin/suid-tool'), 0o4755);
    });

    afterAll(async () => {
      for (const m of mounted.reverse()) await execa('umount', [m], { reject: false });
      for (const d of devices) await execa('losetup', ['-d', d], { reject: false });
    });

    for (const format of ['tar', 'tar.gz', 'tar.zst'] as const) {
      it(`${format}: tree with owners, modes, symlinks and /boot/firmware; no /proc or /dev content`, async () => {
        const a = await writeArtifact({
          workingImage: working,
          rootDir: root,
          format,
          output: out(`rootfs.${format}`),
          log,
        });
        const listing = (await execa('tar', ['--list', '--verbose', '--numeric-owner', '--file', a.path])).stdout;
        const names = listing.split('\n').map((l) => l.split(/\s+/).slice(5).join(' '));
        expect(names).toContain('./proc/');
        expect(names).toContain('./dev/');
        expect(names.filter((x) => x.startsWith('./proc/') && x !== './proc/')).toEqual([]);
        expect(names.filter((x) => x.startsWith('./dev/') && x !== './dev/')).toEqual([]);
        expect(names).toContain('./boot/firmware/config.txt');
        expect(names).toContain('./etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf');
        expect(listing).toMatch(/^-rwsr-xr-x 1234\/5678 .* \.\/bin\/suid-tool$/m);
      });
    }

    it.skipIf(missing.tool('setcap'))(
      `keeps xattrs: a file capability survives tar and extraction${skipNote(missing.tool('setcap'))}`,
      async () => {
        await writeFile(join(root, 'bin/pinger'), 'x');
        await execa('setcap', ['cap_net_raw+ep', join(root, 'bin/pinger')]);
        const a = await writeArtifact({
          workingImage: working,
          rootDir: root,
          format: 'tar.zst',
          output: out('caps.tar.zst'),
          log,
        });
        const x = join(tmp, 'extracted');
        await mkdir(x);
        await execa('tar', [
          '--extract',
          '--zstd',
          '--xattrs',
          '--xattrs-include=*',
          '--file',
          a.path,
          '--directory',
          x,
          './bin/pinger',
        ]);
        expect((await execa('getcap', [join(x, 'bin/pinger')])).stdout).toMatch(/cap_net_raw[=+]ep/);
      },
    );

    it('tar without rootDir is an error and leaves nothing', async () => {
      const o = out('rootfs.tar');
      await expect(writeArtifact({ workingImage: working, format: 'tar', output: o, log })).rejects.toThrow(
        /needs the mounted root/,
      );
      expect(await readdir(join(o, '..'))).toEqual([]);
    });
  });

  it('an abort mid-write leaves neither the final name nor a temp file', async () => {
    const big = join(tmp, 'big.raw');
    await execa('sh', ['-c', 'head -c 200M /dev/urandom > "$1"', 'sh', big]);
    const o = out('image.qcow2');
    const ac = new AbortController();
    // Abort as soon as the temp file exists: mid-write whatever the machine's speed.
    const abortWhenCreated = async (temp: string): Promise<void> => {
      while (!ac.signal.aborted) {
        if (
          await stat(temp).then(
            () => true,
            () => false,
          )
        )
          return ac.abort();
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const p = writeArtifact({
      workingImage: big,
      format: 'qcow2',
      output: o,
      signal: ac.signal,
      log,
      onTempPath: (temp) => void abortWhenCreated(temp),
    });
    await expect(p).rejects.toThrow(/cancelled/);
    expect(await readdir(join(o, '..'))).toEqual([]);
  });
});
