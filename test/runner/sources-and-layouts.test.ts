/**
 * Builds through the default steps from each source kind (raw, qcow2, xz,
 * rootfs tarball, from_scratch) and with a boot partition mounted inside the
 * root (partition_mounts), written as tar.gz and qcow2.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import type { ChrootSource } from '../../template/plan-model.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage, makeRootTree } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`source kinds and layouts${skipNote(missing.loop())}`, () => {
  let dir: string;
  let raw: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-src-'));
    raw = join(dir, 'source.img');
    makeFixtureImage(raw);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  async function buildAndRead(
    source: string | undefined,
    fields: Partial<ChrootSource>,
    inline: string[],
    read: string,
  ) {
    const out = join(dir, `out-${++n}`);
    const plan = fixturePlan(
      dir,
      source ?? '',
      { output_image: out, ...fields, ...(source ? {} : { source_image: undefined }) },
      [shell({ inline })],
    );
    const ui = recordingUi();
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(result.error?.message, ui.lines.join('\n')).toBeUndefined();
    expect(leftovers(dir)).toEqual([]);
    return { out, text: read ? readFromRaw(out, read, fields.mount_partition === '0' ? 0 : 1048576) : '' };
  }

  function readFromRaw(image: string, path: string, offset: number): string {
    const mnt = join(dir, `mnt-check-${n}`);
    mkdirSync(mnt);
    execFileSync('mount', ['-o', `ro,offset=${offset}`, image, mnt]);
    try {
      return readFileSync(join(mnt, path), 'utf8');
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  it('qcow2 source', async () => {
    const qcow = join(dir, 'source.qcow2');
    execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, qcow]);
    const { text } = await buildAndRead(qcow, {}, ['echo from-qcow2 > /etc/kind'], 'etc/kind');
    expect(text).toBe('from-qcow2\n');
  });

  it('xz-compressed raw source', async () => {
    execFileSync('xz', ['-k', '-T1', '-0', raw]);
    const { text } = await buildAndRead(`${raw}.xz`, {}, ['echo from-xz > /etc/kind'], 'etc/kind');
    expect(text).toBe('from-xz\n');
  });

  it('rootfs tarball source with image_size', async () => {
    const tree = join(dir, 'tree');
    makeRootTree(tree);
    const tarball = join(dir, 'rootfs.tar.gz');
    execFileSync('tar', ['-C', tree, '-czf', tarball, '.']);
    const { text } = await buildAndRead(
      tarball,
      { image_size: 64 * 1024 * 1024 },
      ['echo from-tar > /etc/kind'],
      'etc/kind',
    );
    expect(text).toBe('from-tar\n');
  });

  it('from_scratch: pre_mount_commands format the device, post_mount_commands populate it', async () => {
    const { text } = await buildAndRead(
      undefined,
      {
        from_scratch: true,
        image_size: 32 * 1024 * 1024,
        mount_partition: '0',
        chroot_mounts: [['proc', 'proc', '/proc']],
        pre_mount_commands: ['mkfs.ext4 -q {{.Device}}'],
        post_mount_commands: [
          'mkdir -p {{.MountPath}}/bin {{.MountPath}}/etc',
          'cp /bin/busybox {{.MountPath}}/bin/busybox',
          'ln -s busybox {{.MountPath}}/bin/sh',
        ],
      },
      ['/bin/busybox --install -s /bin', 'echo scratch > /etc/kind'],
      'etc/kind',
    );
    expect(text).toBe('scratch\n');
  });

  it('partition_mounts: boot partition at /boot/firmware, tar.gz artifact of both', async () => {
    const boot = join(dir, 'boot.img');
    makeFixtureImage(boot, { bootPartition: true });
    const { out } = await buildAndRead(
      boot,
      { mount_partition: '2', partition_mounts: [['1', '/boot/firmware']], output_format: 'tar.gz' },
      ['echo fw > /boot/firmware/written', 'echo root > /etc/kind', 'cat /boot/firmware/config.txt > /etc/boot-config'],
      '',
    );
    const listing = execFileSync('tar', ['-tzf', out], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        './boot/firmware/written',
        './boot/firmware/config.txt',
        './etc/kind',
        './etc/boot-config',
        './bin/busybox',
      ]),
    );
    // chroot_mounts are not in the artifact.
    expect(listing.some((l) => l.startsWith('./proc/') && l !== './proc/')).toBe(false);
    expect(execFileSync('tar', ['-xzOf', out, './etc/boot-config'], { encoding: 'utf8' })).toBe('boot=1\n');
  });

  it('qcow2 artifact', async () => {
    const { out } = await buildAndRead(raw, { output_format: 'qcow2' }, ['true'], '');
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(execFileSync('qemu-img', ['info', '--output=json', out], { encoding: 'utf8' })).format).toBe(
      'qcow2',
    );
  });
});
