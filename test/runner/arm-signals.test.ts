/**
 * The arm builders stop as the chroot builder does (test/runner/signals.test.ts):
 * SIGINT at the start of every step of arm's resize and new methods and of
 * arm-image, and in the middle of a provisioner, cleans up and leaves
 * nothing; SIGKILL at each of those points leaves resources that
 * `chrootforge cleanup` undoes from the journal — loop devices, mounts, the
 * file bound over /etc/resolv.conf, a binfmt_misc entry registered for the
 * build. Also here: a build whose host has binfmt_misc unmounted (in its
 * own mount namespace) mounts it and unmounts it again.
 */
import { execa, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSteps } from '../../runner/steps/default-steps.js';
import { BINFMT_DIR } from '../../runner/steps/qemu-setup.js';
import type { BuildPlan } from '../../template/plan-model.js';
import { compileProject, RUN_PLAN_DRIVER } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage, makeRootTree } from '../fixtures/runner/make-image.js';
import { armImagePlan, armPlan, PACKER_CHROOT_MOUNTS, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const MiB = 1024 * 1024;
const binfmtEntries = (): string[] => (existsSync(BINFMT_DIR) ? readdirSync(BINFMT_DIR).sort() : []);

describe.skipIf(missing.loop())(`arm builders: signals and SIGKILL recovery${skipNote(missing.loop())}`, () => {
  // Empty until beforeAll: the plans are also made at collection, for their step names alone.
  let dir = '';
  let dist: string;
  let board = '';
  let rootfs = '';
  let runs = 0;
  let suiteStart = 0;
  let binfmtBefore: string[];
  beforeAll(() => {
    suiteStart = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'cf-armsig-'));
    dist = compileProject();
    board = join(dir, 'board.img');
    makeFixtureImage(board, {
      bootPartition: true,
      sizeMiB: 32,
      files: { 'etc/resolv.conf': 'nameserver 192.0.2.1\n' },
    });
    const tree = join(dir, 'tree');
    makeRootTree(tree);
    rootfs = join(dir, 'rootfs.tar.gz');
    execFileSync('tar', ['-C', tree, '-czf', rootfs, '.']);
    binfmtBefore = binfmtEntries();
  });
  afterAll(() => {
    console.log(`[timing] arm signals, ${runs} builds: ${((Date.now() - suiteStart) / 1000).toFixed(1)} s`);
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  /** Each builder's plan, with a fresh output name per run. */
  const plans: Record<string, (inline: string[]) => BuildPlan> = {
    'arm resize': (inline) =>
      armPlan(
        dir,
        board,
        {
          image_build_method: 'resize',
          image_size: '40M',
          image_setup_extra: [['true']],
          output_image: join(dir, 'out', `resize-${runs + 1}.img`),
        },
        [shell({ inline })],
      ),
    'arm new': (inline) =>
      armPlan(
        dir,
        rootfs,
        {
          image_build_method: 'new',
          image_size_bytes: 40 * MiB,
          output_image: join(dir, 'out', `new-${runs + 1}.tar.gz`),
          output_format: 'tar.gz',
          archive_root_only: true,
        },
        [shell({ inline })],
      ),
    'arm-image': (inline) =>
      armImagePlan(
        dir,
        board,
        {
          target_image_size: 40 * MiB,
          resolv_conf: 'bind-host',
          chroot_mounts: [...PACKER_CHROOT_MOUNTS, ['bind', '/etc/resolv.conf', '/etc/resolv.conf']],
          output_image: join(dir, 'out', `arm-image-${runs + 1}.img`),
        },
        [shell({ inline })],
      ),
  };

  function start(
    plan: BuildPlan,
    extra: string[] = [],
    prefix: string[] = [],
  ): { child: ResultPromise; stateDir: string; output: () => string } {
    const planFile = join(dir, `plan-${++runs}.json`);
    writeFileSync(planFile, JSON.stringify(plan));
    const stateDir = join(dir, `state-${runs}`);
    let text = '';
    const [file, ...args] = [...prefix, process.execPath, RUN_PLAN_DRIVER, dist, planFile, stateDir, dir, ...extra];
    const child = execa(file!, args, { reject: false, all: true });
    child.all?.on('data', (d: Buffer) => (text += d.toString()));
    return { child, stateDir, output: () => text };
  }

  async function waitFor(output: () => string, pattern: RegExp, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(output())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function cleanup(stateDir: string) {
    return execa(process.execPath, [join(dist, 'cli/main.js'), 'cleanup'], {
      env: { CHROOTFORGE_STATE_DIR: stateDir },
      reject: false,
      all: true,
    });
  }

  /** No resource, journal entry or temp file left; no artifact unless it was complete (`artifactDone`) when the build died. */
  function expectNothingLeft(stateDir: string, plan: BuildPlan, artifactDone = false): void {
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
    if (!artifactDone) expect(existsSync(plan.source.output_image)).toBe(false);
    expect(binfmtEntries()).toEqual(binfmtBefore);
  }

  for (const [builder, planWith] of Object.entries(plans)) {
    it(`${builder}: SIGINT in the middle of a provisioner with a daemon left running: stops within seconds, nothing left`, async () => {
      const plan = planWith([
        'setsid sleep 1001 </dev/null >/dev/null 2>&1 &',
        'echo provisioner-running',
        'sleep 1000',
      ]);
      const { child, stateDir, output } = start(plan);
      await waitFor(output, /provisioner-running/);
      const t0 = Date.now();
      child.kill('SIGINT');
      const result = await child;
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(result.exitCode, output()).toBe(130);
      expectNothingLeft(stateDir, plan);
    });

    it(`${builder}: SIGKILL mid-provisioner leaves resources; chrootforge cleanup undoes them all`, async () => {
      const plan = planWith(['sleep 1000 &', 'echo provisioner-running', 'sleep 1000']);
      const { child, stateDir, output } = start(plan);
      await waitFor(output, /provisioner-running/);
      child.kill('SIGKILL');
      await child;
      expect(leftovers(dir).length).toBeGreaterThan(0);
      const c = await cleanup(stateDir);
      expect(c.exitCode, c.all).toBe(0);
      expect(c.all).toMatch(/unmounted/);
      expectNothingLeft(stateDir, plan);
    });
  }

  // Every step of resize; new's own steps and arm-image's steps that differ from resize's (the others
  // are the same code on the same kind of image: they cost a build each and would show nothing new).
  const sameAsResize = new Set([
    'validate',
    'attach-loop-device',
    'prevent-service-starts',
    'provision',
    'early-cleanup',
    'post-processors',
  ]);
  const boundaries: Array<[string, string]> = [
    ...defaultSteps({}, plans['arm resize']!([])).map((s): [string, string] => ['arm resize', s.name]),
    ...['create-image', 'mkfs-partitions', 'populate-root'].map((s): [string, string] => ['arm new', s]),
    ...defaultSteps({}, plans['arm-image']!([]))
      .filter((s) => !sameAsResize.has(s.name))
      .map((s): [string, string] => ['arm-image', s.name]),
  ];
  for (const [builder, step] of boundaries) {
    it(`${builder}: SIGINT at the start of ${step}: nothing left`, async () => {
      const plan = plans[builder]!(['echo fine']);
      const { child, stateDir, output } = start(plan, [step, 'SIGINT']);
      const result = await child;
      expect(result.exitCode, output()).toBe(130);
      expect(output()).toMatch(/interrupted=true/);
      expectNothingLeft(stateDir, plan);
    });
    it(`${builder}: SIGKILL at the start of ${step}, then chrootforge cleanup: nothing left`, async () => {
      const plan = plans[builder]!(['echo fine']);
      const { child, stateDir, output } = start(plan, [step, 'SIGKILL']);
      const result = await child;
      expect(result.signal, output()).toBe('SIGKILL');
      const c = await cleanup(stateDir);
      expect(c.exitCode, c.all).toBe(0);
      // Killed after the artifact step, the build leaves its complete artifact (as the chroot builder does).
      expectNothingLeft(stateDir, plan, step === 'post-processors');
    });
  }

  const canRegister = existsSync('/usr/lib/binfmt.d/qemu-arm.conf') && existsSync('/usr/bin/qemu-arm-static');
  const why = !canRegister
    ? " (skipped: needs qemu-user-static's /usr/lib/binfmt.d/qemu-arm.conf)"
    : existsSync(join(BINFMT_DIR, 'qemu-arm'))
      ? ' (skipped: qemu-arm is registered on this host already)'
      : '';
  it.skipIf(why !== '')(
    `SIGKILL after a binfmt_misc entry was registered for the build: chrootforge cleanup removes it${why}`,
    async () => {
      const plan = armPlan(
        dir,
        board,
        { qemu_binary: '/usr/bin/qemu-arm-static', output_image: join(dir, 'out/binfmt.img') },
        [shell({ inline: ['echo fine'] })],
      );
      const { child, stateDir, output } = start(plan, ['provision', 'SIGKILL']);
      await child;
      expect(output()).toMatch(/registering the host's .*qemu-arm\.conf as chrootforge-/);
      expect(binfmtEntries().filter((e) => e.startsWith('chrootforge-'))).toHaveLength(1);
      const c = await cleanup(stateDir);
      expect(c.exitCode, c.all).toBe(0);
      expect(c.all).toMatch(/removed the binfmt_misc entry chrootforge-[0-9a-f]{8}-qemu-arm/);
      expectNothingLeft(stateDir, plan);
    },
  );

  it('binfmt_misc not mounted (its own mount namespace): the build mounts it, finds the entry, unmounts it again', async () => {
    const plan = plans['arm-image']!(['echo fine']);
    const { child, stateDir, output } = start(
      plan,
      [],
      ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `umount ${BINFMT_DIR} && exec "$@"`, 'sh'],
    );
    const result = await child;
    expect(result.exitCode, output()).toBe(0);
    expect(output()).toMatch(/binfmt_misc is not mounted: mounting it at \/proc\/sys\/fs\/binfmt_misc/);
    expect(output()).toMatch(/binfmt entry qemu-aarch64 has the F flag/);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
    expect(binfmtEntries()).toEqual(binfmtBefore);
  });
});
