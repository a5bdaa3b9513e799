/**
 * Loop attachment on real devices: partitions reachable after --partscan
 * (partx -a when the kernel made no nodes), and offset loop devices when
 * neither produced nodes (partx failing, as in some containers).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachImage, ensurePartitions, partitionNode, type LoopAttachment } from '../../runner/loop/attach.js';
import { detachLoopsBackedBy, loopDevicesBackedBy } from '../../runner/loop/detach.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`loop attachment${skipNote(missing.loop())}`, () => {
  let dir: string;
  let image: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-loop-'));
    image = join(dir, 'disk.img');
    makeFixtureImage(image, { bootPartition: true });
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  function readHostnameFrom(device: string): string {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro', device, mnt]);
    try {
      return readFileSync(join(mnt, 'etc/hostname'), 'utf8');
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  it('attaches with partitions reachable as block devices', async () => {
    const logs: string[] = [];
    const a = await attachImage(image, { needed: ['1', '2'], log: (l) => logs.push(l) });
    try {
      expect(a.partitions.get('2')).toBe(partitionNode(a.device, '2'));
      expect(statSync(a.partitions.get('1')!).isBlockDevice()).toBe(true);
      expect(readHostnameFrom(a.partitions.get('2')!)).toBe('fixture\n');
    } finally {
      await detachLoopsBackedBy(image);
    }
    expect(await loopDevicesBackedBy(image)).toEqual([]);
  });

  it('falls back to offset loop devices when no partition nodes appear', async () => {
    // A device without partscan and a partx that fails: nodes never appear.
    const device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
    const stubDir = join(dir, 'stub-bin');
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(join(stubDir, 'partx'), '#!/bin/sh\necho "partx: unavailable here" >&2\nexit 1\n');
    chmodSync(join(stubDir, 'partx'), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${stubDir}:${savedPath}`;
    const attachment: LoopAttachment = { device, partitions: new Map(), extraDevices: [] };
    const logs: string[] = [];
    try {
      await ensurePartitions(attachment, image, { needed: ['2'], nodeTimeoutMs: 200, log: (l) => logs.push(l) });
      expect(attachment.extraDevices).toHaveLength(1);
      expect(attachment.partitions.get('2')).toBe(attachment.extraDevices[0]);
      expect(logs.join('\n')).toMatch(/offset loop device for partition 2/);
      expect(readHostnameFrom(attachment.partitions.get('2')!)).toBe('fixture\n');
      await expect(ensurePartitions(attachment, image, { needed: ['7'], nodeTimeoutMs: 50 })).rejects.toThrow(
        /no partition 7/,
      );
    } finally {
      process.env.PATH = savedPath;
      await detachLoopsBackedBy(image);
    }
    expect(leftovers(dir)).toEqual([]);
  });
});
