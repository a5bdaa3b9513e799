/**
 * A failing provisioner: the build fails naming it, and leaves nothing of
 * ours mounted or attached, the source image unchanged, no artifact under
 * the final name, no journal. With -on-error abort everything stays for
 * inspection, and journal recovery then undoes it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { journalDir } from '../../runner/journal/journal.js';
import { recoverAll } from '../../runner/journal/recover.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe.skipIf(missing.loop())(`a failing build${skipNote(missing.loop())}`, () => {
  let dir: string;
  let source: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-fail-'));
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails naming the exit status and leaves nothing behind', async () => {
    const before = sha(source);
    const ui = recordingUi();
    // A daemon left running in the chroot must not keep the mounts busy.
    const plan = fixturePlan(dir, source, { copy_files: ['/etc/hostname'] }, [
      shell({ inline: ['sleep 1000 &', 'echo doomed > /etc/doomed', 'exit 42'] }),
    ]);
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/non-zero exit status: 42/);
    expect(leftovers(dir)).toEqual([]);
    expect(sha(source)).toBe(before);
    expect(existsSync(plan.source.output_image)).toBe(false);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
    expect(result.journalPath).toBeUndefined();
    expect(readdirSync(join(dir, 'state/journal'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
  });

  it('a missing script fails the build with its name before anything runs in the chroot', async () => {
    const plan = fixturePlan(dir, source, {}, [
      shell({ inline: ['touch /etc/should-not-run'] }),
      shell({ script: join(dir, 'no-such-script.sh') }),
    ]);
    const ui = recordingUi();
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe(`shell provisioner: script ${join(dir, 'no-such-script.sh')} does not exist`);
    expect(ui.lines.some((l) => l.includes('Provisioning with shell script'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a mount_path that is already a mount point is refused, and that mount left alone', async () => {
    const busy = join(dir, 'busy');
    mkdirSync(busy);
    execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', busy]);
    try {
      const result = await runBuild(fixturePlan(dir, source, { mount_path: busy }), {
        ui: recordingUi(),
        stateDir: join(dir, 'state'),
        workRoot: dir,
        handleSignals: false,
      });
      expect(result.ok).toBe(false);
      expect(result.error?.message).toMatch(/is already a mount point.*\{\{\.Device\}\}/);
      expect(leftovers(dir)).toEqual([busy]);
    } finally {
      execFileSync('umount', [busy]);
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it('a chroot mount that fails stops the build naming it; binfmt_misc without qemu_binary only warns', async () => {
    const bad = await runBuild(
      fixturePlan(dir, source, {
        chroot_mounts: [
          ['proc', 'proc', '/proc'],
          ['nosuchfs', 'none', '/mnt/x'],
        ],
      }),
      {
        ui: recordingUi(),
        stateDir: join(dir, 'state'),
        workRoot: dir,
        handleSignals: false,
      },
    );
    expect(bad.ok).toBe(false);
    expect(bad.error?.message).toMatch(/mount -t nosuchfs none .*\/mnt\/x failed/);
    expect(leftovers(dir)).toEqual([]);

    const ui = recordingUi();
    // Mounting onto a regular file fails: stands in for a kernel without binfmt_misc.
    const warned = await runBuild(
      fixturePlan(dir, source, { chroot_mounts: [['binfmt_misc', 'binfmt_misc', '/etc/hostname']] }, [
        shell({ inline: ['true'] }),
      ]),
      {
        ui,
        stateDir: join(dir, 'state'),
        workRoot: dir,
        handleSignals: false,
      },
    );
    expect(warned.error?.message).toBeUndefined();
    expect(ui.lines.join('\n')).toMatch(/Warning: cannot mount binfmt_misc/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failing host command stops the build naming the command', async () => {
    const plan = fixturePlan(dir, source, { post_mount_commands: ['test -e {{.MountPath}}/no-such-file'] });
    const result = await runBuild(plan, {
      ui: recordingUi(),
      stateDir: join(dir, 'state'),
      workRoot: dir,
      handleSignals: false,
    });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/Error executing command "test -e .*\/no-such-file": exit status 1/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('-on-error abort leaves it all in place with a journal; recovery undoes it', async () => {
    const ui = recordingUi();
    const stateDir = join(dir, 'state-abort');
    const plan = fixturePlan(dir, source, {}, [shell({ inline: ['exit 1'] })]);
    const result = await runBuild(plan, { ui, stateDir, workRoot: dir, handleSignals: false, onError: 'abort' });
    expect(result.leftInPlace).toBe(true);
    expect(result.journalPath).toBe(join(journalDir(stateDir), `${result.buildId}.jsonl`));
    expect(existsSync(result.journalPath!)).toBe(true);
    expect(leftovers(dir).length).toBeGreaterThan(0);
    const reports = await recoverAll(stateDir, { buildId: result.buildId });
    expect(reports.map((r) => r.errors)).toEqual([[]]);
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(result.journalPath!)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))).toEqual([]);
  });
});
