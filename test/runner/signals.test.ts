/**
 * SIGINT and SIGTERM stop a build promptly and leave nothing: at every step
 * boundary, and in the middle of a provisioner that left a daemon running in
 * the chroot. SIGKILL leaves resources, and journal recovery (the
 * `chrootforge cleanup` command) undoes them.
 */
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildPlan } from '../../template/plan-model.js';
import { compileProject, RUN_PLAN_DRIVER } from '../fixtures/runner/compiled.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const STEPS = [
  'validate',
  'fetch-source',
  'working-image',
  'attach-loop-device',
  'pre-mount-commands',
  'mount-root',
  'post-mount-commands',
  'chroot-mounts',
  'copy-files',
  'prevent-service-starts',
  'qemu-setup',
  'provision',
  'pre-unmount-commands',
  'early-cleanup',
  'artifact',
  'post-processors',
];

describe.skipIf(missing.loop())(`signals and SIGKILL recovery${skipNote(missing.loop())}`, () => {
  let dir: string;
  let dist: string;
  let source: string;
  let runs = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-sig-'));
    dist = compileProject();
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  function start(
    plan: BuildPlan,
    extra: string[] = [],
  ): { child: ResultPromise; stateDir: string; output: () => string } {
    const planFile = join(dir, `plan-${++runs}.json`);
    writeFileSync(planFile, JSON.stringify(plan));
    const stateDir = join(dir, `state-${runs}`);
    let text = '';
    const child = execa(process.execPath, [RUN_PLAN_DRIVER, dist, planFile, stateDir, dir, ...extra], {
      reject: false,
      all: true,
    });
    child.all?.on('data', (d: Buffer) => (text += d.toString()));
    return { child, stateDir, output: () => text };
  }

  async function waitFor(output: () => string, pattern: RegExp, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(output())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const planWith = (inline: string[]): BuildPlan =>
    fixturePlan(
      dir,
      source,
      {
        output_image: join(dir, 'out', `image-${runs + 1}.img`),
        copy_files: ['/etc/hostname'],
        post_mount_commands: ['true'],
        pre_unmount_commands: ['true'],
      },
      [shell({ inline })],
    );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} in the middle of a provisioner with a daemon left running: stops within seconds, nothing left`, async () => {
      // One daemon in the provisioner's process group, one that left it (setsid).
      const { child, stateDir, output } = start(
        planWith(['sleep 1000 &', 'setsid sleep 1001 &', 'echo provisioner-running', 'sleep 1000']),
      );
      await waitFor(output, /provisioner-running/);
      const t0 = Date.now();
      child.kill(signal);
      const result = await child;
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(result.exitCode, output()).toBe(130);
      expect(output()).toMatch(new RegExp(`Received ${signal}`));
      expect(leftovers(dir)).toEqual([]);
      expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
      expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
    });
  }

  it('a second SIGINT during cleanup does not cut the cleanup short', async () => {
    const { child, stateDir, output } = start(planWith(['sleep 1000 &', 'echo provisioner-running', 'sleep 1000']));
    await waitFor(output, /provisioner-running/);
    child.kill('SIGINT');
    await waitFor(output, /Received SIGINT: stopping/);
    child.kill('SIGINT');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, output()).toBe(130);
    expect(output()).toMatch(/Received SIGINT again: cleanup is in progress/);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
  });

  for (const step of STEPS) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${signal} at the start of ${step}: nothing left`, async () => {
        const plan = planWith(['echo fine']);
        const { child, stateDir, output } = start(plan, [step, signal]);
        const result = await child;
        expect(result.exitCode, output()).toBe(130);
        expect(output()).toMatch(/interrupted=true/);
        expect(leftovers(dir)).toEqual([]);
        expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
        expect(existsSync(plan.source.output_image)).toBe(false);
        expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
      });
    }
  }

  for (const step of STEPS) {
    it(`SIGKILL at the start of ${step}, then chrootforge cleanup: nothing left`, async () => {
      const plan = planWith(['echo fine']);
      const { child, stateDir, output } = start(plan, [step, 'SIGKILL']);
      const result = await child;
      expect(result.signal, output()).toBe('SIGKILL');
      const cleanup = await execa(process.execPath, [join(dist, 'cli/main.js'), 'cleanup'], {
        env: { CHROOTFORGE_STATE_DIR: stateDir },
        reject: false,
        all: true,
      });
      expect(cleanup.exitCode, cleanup.all).toBe(0);
      expect(leftovers(dir)).toEqual([]);
      expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
      expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
      // A build killed before the artifact was complete leaves no file under the final name.
      if (STEPS.indexOf(step) <= STEPS.indexOf('artifact')) expect(existsSync(plan.source.output_image)).toBe(false);
    });
  }

  it('SIGKILL mid-provisioner leaves resources; chrootforge cleanup undoes them all', async () => {
    const plan = planWith(['sleep 1000 &', 'echo provisioner-running', 'sleep 1000']);
    const { child, stateDir, output } = start(plan);
    await waitFor(output, /provisioner-running/);
    child.kill('SIGKILL');
    await child;
    expect(leftovers(dir).length).toBeGreaterThan(0);
    expect(readdirSync(join(stateDir, 'journal')).length).toBe(1);
    const cleanup = await execa(process.execPath, [join(dist, 'cli/main.js'), 'cleanup'], {
      env: { CHROOTFORGE_STATE_DIR: stateDir },
      reject: false,
      all: true,
    });
    expect(cleanup.exitCode, cleanup.all).toBe(0);
    expect(cleanup.all).toMatch(/unmounted/);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
  });
});
