/**
 * Builds at the same time, each in its own process: the loop lock keeps
 * them off each other's devices, mount paths are unique per device, and
 * every one succeeds with its own artifact and leaves nothing behind.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject, RUN_PLAN_DRIVER } from '../fixtures/runner/compiled.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const BUILDS = 3;

describe.skipIf(missing.loop())(`concurrent builds${skipNote(missing.loop())}`, () => {
  let dir: string;
  let dist: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-conc-'));
    dist = compileProject();
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  it(`${BUILDS} builds of one source at once all succeed on distinct devices`, async () => {
    const source = join(dir, 'source.img');
    makeFixtureImage(source);
    const runs = Array.from({ length: BUILDS }, (_, i) => {
      const plan = fixturePlan(dir, source, { name: `b${i}`, output_image: join(dir, 'out', `b${i}.img`) }, [
        shell({ inline: [`echo build-${i} > /etc/which`, 'sleep 0.5'] }),
      ]);
      const planFile = join(dir, `plan-${i}.json`);
      writeFileSync(planFile, JSON.stringify(plan));
      return {
        plan,
        child: execa(process.execPath, [RUN_PLAN_DRIVER, dist, planFile, join(dir, 'state'), dir], {
          reject: false,
          all: true,
        }),
      };
    });
    const results = await Promise.all(runs.map((r) => r.child));
    for (const r of results) expect(r.exitCode, r.all).toBe(0);
    const devices = results.map((r) => /Loop device: (\/dev\/loop\d+)/.exec(r.all ?? '')?.[1]);
    // They overlapped in time (sleep 0.5 while mounted), so devices must differ.
    expect(new Set(devices).size).toBe(BUILDS);
    expect(leftovers(dir)).toEqual([]);
    const mnt = join(dir, 'check');
    mkdirSync(mnt);
    for (const [i, { plan }] of runs.entries()) {
      execFileSync('mount', ['-o', 'ro,offset=1048576', plan.source.output_image, mnt]);
      try {
        expect(readFileSync(join(mnt, 'etc/which'), 'utf8')).toBe(`build-${i}\n`);
      } finally {
        execFileSync('umount', [mnt]);
      }
    }
  });
});
