/**
 * Loop devices attached at once: builds of one process (parallel builds)
 * and another tool running plain `losetup --find` at the same moment. Every
 * attach gets its own device backed by its own image, and the partitions
 * are reachable on each.
 */
import { execa } from 'execa';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachImage } from '../../runner/loop/attach.js';
import { detachLoopsBackedBy } from '../../runner/loop/detach.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

const OURS = 6;
const THEIRS = 6;

describe.skipIf(missing.loop())(`loop devices attached at once${skipNote(missing.loop())}`, () => {
  let dir: string;
  let images: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-loop-race-'));
    makeFixtureImage(join(dir, 'base.img'), { bootPartition: true });
    images = Array.from({ length: OURS + THEIRS }, (_, i) => {
      const image = join(dir, `disk-${i}.img`);
      copyFileSync(join(dir, 'base.img'), image);
      return image;
    });
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${OURS} builds and ${THEIRS} plain losetup calls at the same moment: all distinct, each on its own image`, async () => {
    const ours = images.slice(0, OURS).map((image) => attachImage(image, { needed: ['1', '2'] }));
    const theirs = images
      .slice(OURS)
      .map((image) => execa('losetup', ['--find', '--show', image]).then((r) => r.stdout.trim()));
    try {
      const attached = await Promise.all(ours);
      const others = await Promise.all(theirs);
      const devices = [...attached.map((a) => a.device), ...others];
      expect(new Set(devices).size).toBe(OURS + THEIRS);
      for (const [i, device] of devices.entries()) {
        const backing = readFileSync(`/sys/block/${device.slice('/dev/'.length)}/loop/backing_file`, 'utf8').trim();
        expect(backing).toBe(images[i]);
      }
      for (const a of attached) {
        expect(a.partitions.get('1')).toBeDefined();
        expect(a.partitions.get('2')).toBeDefined();
      }
    } finally {
      await Promise.allSettled([...ours, ...theirs]);
      for (const image of images) await detachLoopsBackedBy(image);
    }
    expect(leftovers(dir)).toEqual([]);
  });
});
