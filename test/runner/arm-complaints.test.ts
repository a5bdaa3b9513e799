/**
 * The arm builders' users' top complaints, each reproduced on real loop
 * devices and shown not to happen here (test/fixtures/realworld/FINDINGS.md
 * lists the plugins' issues):
 *
 * - partition nodes missing in Docker / the `losetup -P` race
 *   (arm-image#122, #147, #162, #165; packer-builder-arm#49, PR #368):
 *   losetup made to skip --partscan and partx made to fail, so no node
 *   ever appears: both builders go on through offset loop devices;
 * - "target is busy" (packer-builder-arm#36, pi-gen#570): a provisioner
 *   leaves a daemon in the chroot; it is stopped before the unmount;
 * - "Failed to find binfmt_misc" (packer-builder-arm#61, #258, #302): no
 *   entry for the qemu binary gives the plugin's words and the fix; a host
 *   with qemu-user-static's definitions but no entry gets one registered
 *   for the build and removed after (the host's binfmt_misc as it was).
 *
 * binfmt_misc not mounted at all is test/runner/arm-signals.test.ts (it
 * needs a build in its own mount namespace).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { BINFMT_DIR } from '../../runner/steps/qemu-setup.js';
import { recordingUi } from '../../runner/ui/ui.js';
import type { BuildPlan } from '../../template/plan-model.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage, makeRootTree } from '../fixtures/runner/make-image.js';
import { armImagePlan, armPlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const MiB = 1024 * 1024;

function readExt(image: string, offset: number, path: string): string {
  return execaSync('debugfs', ['-R', `cat ${path}`, `${image}?offset=${offset}`], {
    reject: false,
    stripFinalNewline: false,
  }).stdout;
}

const binfmtEntries = (): string[] => (existsSync(BINFMT_DIR) ? readdirSync(BINFMT_DIR).sort() : []);

describe.skipIf(missing.loop())(`the arm builders' users' top complaints${skipNote(missing.loop())}`, () => {
  let dir: string;
  let board: string;
  let rootfs: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-armc-'));
    board = join(dir, 'board.img');
    makeFixtureImage(board, { bootPartition: true, sizeMiB: 32 });
    const tree = join(dir, 'tree');
    makeRootTree(tree);
    rootfs = join(dir, 'rootfs.tar.gz');
    execFileSync('tar', ['-C', tree, '-czf', rootfs, '.']);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  async function build(plan: BuildPlan) {
    const ui = recordingUi(plan.buildName);
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(leftovers(dir)).toEqual([]);
    return { result, log: ui.lines.join('\n') };
  }

  describe('partition nodes that never appear (a container, the losetup -P race)', () => {
    let savedPath: string | undefined;
    beforeAll(() => {
      const stubs = join(dir, 'no-partition-nodes');
      mkdirSync(stubs);
      // losetup without --partscan, and a partx that fails: what a container without udev gives.
      writeFileSync(
        join(stubs, 'losetup'),
        '#!/bin/sh\nfor a; do shift; [ "$a" = --partscan ] || set -- "$@" "$a"; done\nexec /usr/sbin/losetup "$@"\n',
      );
      writeFileSync(join(stubs, 'partx'), '#!/bin/sh\necho "partx: unavailable here" >&2\nexit 1\n');
      chmodSync(join(stubs, 'losetup'), 0o755);
      chmodSync(join(stubs, 'partx'), 0o755);
      savedPath = process.env.PATH;
      process.env.PATH = `${stubs}:${savedPath}`;
    });
    afterAll(() => {
      process.env.PATH = savedPath;
    });

    it('arm new: the partitions are formatted and mounted through offset loop devices', async () => {
      const out = join(dir, 'out/nodes-new.img');
      const { result, log } = await build(
        armPlan(dir, rootfs, { image_build_method: 'new', image_size_bytes: 48 * MiB, output_image: out }, [
          shell({ inline: ['echo root > /etc/provisioned', 'echo boot > /boot/provisioned'] }),
        ]),
      );
      expect(result.error?.message).toBeUndefined();
      expect(log).toMatch(/never appeared; using an offset loop device for partition 1/);
      expect(log).toMatch(/using an offset loop device for partition 2/);
      expect(readExt(out, 9 * MiB, '/etc/provisioned')).toBe('root\n');
      expect(readExt(out, 1 * MiB, '/provisioned')).toBe('boot\n');
    });

    it('arm-image: the image partitions are found in its table, not in /dev (no "error different of partitions than expected")', async () => {
      const out = join(dir, 'out/nodes-arm-image.img');
      const { result, log } = await build(
        armImagePlan(dir, board, { output_image: out }, [shell({ inline: ['echo root > /etc/provisioned'] })]),
      );
      expect(result.error?.message).toBeUndefined();
      expect(log).toMatch(/using an offset loop device for partition 2/);
      expect(readExt(out, 9 * MiB, '/etc/provisioned')).toBe('root\n');
    });
  });

  for (const [builder, planOf] of [
    ['arm', (out: string, inline: string[]) => armPlan(dir, board, { output_image: out }, [shell({ inline })])],
    [
      'arm-image',
      (out: string, inline: string[]) => armImagePlan(dir, board, { output_image: out }, [shell({ inline })]),
    ],
  ] as const) {
    it(`${builder}: a daemon the provisioner leaves in the chroot is stopped, so nothing is "busy" at unmount`, async () => {
      const { result, log } = await build(
        planOf(join(dir, `out/daemon-${builder}.img`), [
          'setsid sleep 1000 </dev/null >/dev/null 2>&1 &',
          'sleep 1000 </dev/null >/dev/null 2>&1 &',
          'echo daemons left running',
        ]),
      );
      expect(result.error?.message).toBeUndefined();
      expect(log).toMatch(/Stopped 2 process\(es\) still running in the chroot/);
      expect(log).not.toMatch(/busy/i);
    });
  }

  it('arm: no binfmt_misc entry runs qemu_binary_source_path: the plugin\'s "Failed to find binfmt_misc" and the fix; nothing changed', async () => {
    const qemu = join(dir, 'qemu-nothing-static');
    writeFileSync(qemu, '#!/bin/sh\n');
    chmodSync(qemu, 0o755);
    const before = binfmtEntries();
    const { result } = await build(
      armPlan(dir, board, { qemu_binary: qemu, output_image: join(dir, 'out/no-entry.img') }),
    );
    expect(result.error?.message).toMatch(
      new RegExp(
        `^Failed to find binfmt_misc for ${qemu} under /proc/sys/fs/binfmt_misc: qemu_binary ${qemu}: no binfmt_misc entry uses it, so the kernel cannot run the image's programs\\. Install and register it: apt-get install qemu-user-static binfmt-support`,
      ),
    );
    expect(binfmtEntries()).toEqual(before);
    expect(existsSync(join(dir, 'out/no-entry.img'))).toBe(false);
  });

  const definition = '/usr/lib/binfmt.d/qemu-arm.conf';
  const canRegister = existsSync(definition) && existsSync('/usr/bin/qemu-arm-static');
  const registered = existsSync(join(BINFMT_DIR, 'qemu-arm'));
  const why = !canRegister
    ? ` (skipped: needs ${definition} and /usr/bin/qemu-arm-static: apt-get install qemu-user-static)`
    : registered
      ? ' (skipped: qemu-arm is registered on this host already)'
      : '';
  it.skipIf(why !== '')(
    `arm: qemu-user-static installed but not registered: its definition is registered for the build and removed after${why}`,
    async () => {
      const before = binfmtEntries();
      const { result, log } = await build(
        armPlan(dir, board, { qemu_binary: '/usr/bin/qemu-arm-static', output_image: join(dir, 'out/register.img') }, [
          shell({ inline: ['true'] }),
        ]),
      );
      expect(result.error?.message).toBeUndefined();
      expect(log).toMatch(
        /No binfmt_misc entry runs \/usr\/bin\/qemu-arm-static: registering the host's \/usr\/lib\/binfmt\.d\/qemu-arm\.conf as chrootforge-[0-9a-f]{8}-qemu-arm for this build/,
      );
      expect(log).toMatch(/binfmt entry chrootforge-[0-9a-f]{8}-qemu-arm has the F flag/);
      expect(log).toMatch(/Removing the binfmt_misc entry chrootforge-[0-9a-f]{8}-qemu-arm/);
      expect(binfmtEntries()).toEqual(before);
    },
  );
});
