/**
 * The package as a library: another tool assembles its own sequence from
 * the exported steps and its own step, runs it with runSteps, and uses the
 * communicator directly. Imported from the package entry (runner/index.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachLoopDeviceStep,
  ChrootCommunicator,
  chrootMountsStep,
  earlyCleanupStep,
  Journal,
  mountRootStep,
  newBuildState,
  recordingUi,
  runSteps,
  workingImageStep,
  fetchSourceStep,
  type BuildState,
  type Step,
} from '../../runner/index.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`a custom sequence from the library${skipNote(missing.loop())}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-lib-'));
    makeFixtureImage(join(dir, 'source.img'));
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs its own step between the library steps and cleans up LIFO', async () => {
    const plan = fixturePlan(dir, join(dir, 'source.img'), { chroot_mounts: [['proc', 'proc', '/proc']] });
    const seen: string[] = [];
    const custom: Step<BuildState> = {
      name: 'my-step',
      async run(state) {
        const comm = new ChrootCommunicator(state.mountPath!);
        const out: string[] = [];
        await comm.start('cat /etc/hostname; test -e /proc/self/status && echo proc-ok', {
          stdout: (l) => out.push(l),
        });
        seen.push(...out);
        const copy = join(dir, 'hostname.copy');
        await comm.download('/etc/hostname', copy);
        seen.push(readFileSync(copy, 'utf8').trim());
      },
      async cleanup() {
        seen.push('my-step cleanup');
      },
    };
    const logged: Step<BuildState> = {
      name: 'marker',
      run: async () => undefined,
      cleanup: async () => void seen.push('marker cleanup'),
    };
    const state = newBuildState(plan, 'lib-test', join(dir, 'work'));
    const ui = recordingUi();
    const result = await runSteps(
      [
        logged,
        fetchSourceStep(),
        workingImageStep(),
        attachLoopDeviceStep(),
        mountRootStep(),
        chrootMountsStep(),
        custom,
        earlyCleanupStep(),
      ],
      state,
      {
        ui,
        journal: Journal.inMemory(),
      },
    );
    expect(result.error?.message).toBeUndefined();
    expect(seen).toEqual(['fixture', 'proc-ok', 'fixture', 'my-step cleanup', 'marker cleanup']);
    expect(result.timings.map((t) => t.name)).toEqual([
      'marker',
      'fetch-source',
      'working-image',
      'attach-loop-device',
      'mount-root',
      'chroot-mounts',
      'my-step',
      'early-cleanup',
    ]);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failing custom step still gets every earlier cleanup', async () => {
    const plan = fixturePlan(dir, join(dir, 'source.img'), { chroot_mounts: [['proc', 'proc', '/proc']] });
    const failing: Step<BuildState> = {
      name: 'boom',
      run: async () => {
        throw new Error('boom');
      },
    };
    const state = newBuildState(plan, 'lib-test-2', join(dir, 'work2'));
    writeFileSync(join(dir, 'unused'), '');
    const result = await runSteps(
      [fetchSourceStep(), workingImageStep(), attachLoopDeviceStep(), mountRootStep(), chrootMountsStep(), failing],
      state,
      { ui: recordingUi(), journal: Journal.inMemory() },
    );
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe('boom');
    expect(result.timings.at(-1)?.outcome).toBe('failed');
    expect(leftovers(dir)).toEqual([]);
  });
});
