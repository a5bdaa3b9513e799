/**
 * Unmounting: mount paths with spaces (mountinfo's \040), and the lazy
 * unmount of last resort when a process outside the chroot holds the mount,
 * with a warning naming it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import type { ShellLocalProvisioner } from '../../template/plan-model.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`unmounting${skipNote(missing.loop())}`, () => {
  let dir: string;
  let source: string;
  let holder: number | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-umount-'));
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    if (holder) {
      try {
        process.kill(holder, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a mount path with spaces is mounted and unmounted exactly', async () => {
    const plan = fixturePlan(dir, source, { mount_path: join(dir, 'mount point', 'dev {{.Device}}') }, [
      shell({ inline: ['echo ok > /etc/ok'] }),
    ]);
    const result = await runBuild(plan, {
      ui: recordingUi(),
      stateDir: join(dir, 'state'),
      workRoot: dir,
      handleSignals: false,
    });
    expect(result.error?.message).toBeUndefined();
    expect(leftovers(dir)).toEqual([]);
  });

  it('a mount path through a symlinked directory is unmounted (mountinfo lists the real path)', async () => {
    mkdirSync(join(dir, 'real-mnt'));
    symlinkSync(join(dir, 'real-mnt'), join(dir, 'link-mnt'));
    const plan = fixturePlan(
      dir,
      source,
      { mount_path: join(dir, 'link-mnt', '{{.Device}}'), output_image: join(dir, 'out', 'linked.img') },
      [shell({ inline: ['true'] })],
    );
    const result = await runBuild(plan, {
      ui: recordingUi(),
      stateDir: join(dir, 'state'),
      workRoot: dir,
      handleSignals: false,
    });
    expect(result.error?.message).toBeUndefined();
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(dir, 'real-mnt'))).toEqual([]);
  });

  it('a host process holding the root: lazy unmount with a warning naming it, released when it exits', async () => {
    const pidFile = join(dir, 'holder.pid');
    const hold: ShellLocalProvisioner = {
      type: 'shell-local',
      // A host process (not in the chroot) with its cwd on the mounted root.
      inline: [`cd {{.MountPath}}/etc && (setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $! > ${pidFile})`],
      environment_vars: [],
      execute_command: ['/bin/sh', '-c', '{{.Vars}} {{.Command}}'],
      inline_shebang: '/bin/sh -e',
      valid_exit_codes: [0],
    };
    const ui = recordingUi();
    const plan = fixturePlan(dir, source, { output_image: join(dir, 'out', 'held.img') }, [hold]);
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    holder = Number(readFileSync(pidFile, 'utf8'));
    expect(result.error?.message).toBeUndefined();
    expect(ui.lines.join('\n')).toMatch(new RegExp(`still used by pid ${holder} \\(sleep\\).*umount --lazy`));
    // Not mounted any more (detached from the tree); the loop device goes when the holder exits.
    process.kill(holder, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (leftovers(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers(dir)).toEqual([]);
  });
});
