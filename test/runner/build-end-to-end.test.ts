/**
 * A whole build through the default step sequence, as root on real loop
 * devices: the artifact is mounted afterwards and its files, modes and
 * symlinks checked; nothing of the build is left attached or mounted.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe.skipIf(missing.loop())(`full build end to end${skipNote(missing.loop())}`, () => {
  let dir: string;
  let source: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-e2e-'));
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('provisions in the chroot and writes a raw artifact with files, modes and symlinks', async () => {
    const before = sha(source);
    const ui = recordingUi();
    const plan = fixturePlan(
      dir,
      source,
      {
        mount_options: ['noatime'],
        // Host commands see the device and mount path; a failing one would stop the build.
        post_mount_commands: ['grep -q " {{.MountPath}} [^ ]*noatime" /proc/self/mountinfo', 'test -b {{.Device}}'],
        pre_unmount_commands: ['echo "{{.Device}}" > {{.MountPath}}/etc/pre-unmount'],
      },
      [
        shell({
          inline: [
            'echo built > /etc/built-by',
            'chmod 0751 /etc/built-by',
            'ln -s /etc/built-by /etc/built-link',
            'test -e /proc/self/status',
            'test -c /dev/null',
          ],
        }),
      ],
    );
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    if (process.env.SHOW_UI) console.log(ui.lines.join('\n'));
    expect(result.error?.message).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(ui.lines.some((l) => l.startsWith('==> chroot.test: Mounting the root device'))).toBe(true);
    expect(result.timings.map((t) => t.name)).toContain('early-cleanup');
    expect(leftovers(dir)).toEqual([]);
    expect(sha(source)).toBe(before);
    expect(result.journalPath).toBeUndefined();

    const artifact = plan.source.output_image;
    expect(existsSync(artifact)).toBe(true);
    const mnt = join(dir, 'check');
    mkdirSync(mnt);
    execFileSync('mount', ['-o', 'ro,offset=1048576', artifact, mnt]);
    try {
      expect(readFileSync(join(mnt, 'etc/built-by'), 'utf8')).toBe('built\n');
      expect(statSync(join(mnt, 'etc/built-by')).mode & 0o7777).toBe(0o751);
      expect(readlinkSync(join(mnt, 'etc/built-link'))).toBe('/etc/built-by');
      expect(lstatSync(join(mnt, 'bin/sh')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(mnt, 'etc/pre-unmount'), 'utf8')).toMatch(/^\/dev\/loop\d+p1\n$/);
      // The provisioner's script was build scaffolding: gone.
      expect(execFileSync('ls', [join(mnt, 'tmp')], { encoding: 'utf8' }).trim()).toBe('');
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
