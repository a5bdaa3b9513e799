/**
 * copy_files onto symlinks in the image: absolute (the resolv.conf ->
 * /run/... case) and relative links aimed at a host canary. The host file is
 * neither written nor read through the link; the image's links come back
 * exactly; during the build the copy is what the chroot sees.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`copy_files symlink canaries${skipNote(missing.loop())}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-copy-'));
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the links for the build, restores them after, never touches the host canary', async () => {
    const canary = join(dir, 'canary');
    writeFileSync(canary, 'HOST CANARY\n');
    // Host files to copy in, at paths that are symlinks inside the image.
    const cfg = join(dir, 'cfg');
    mkdirSync(cfg);
    const absFile = join(cfg, 'abs.conf');
    const relFile = join(cfg, 'rel.conf');
    writeFileSync(absFile, 'copied abs\n');
    writeFileSync(relFile, 'copied rel\n');
    const source = join(dir, 'source.img');
    const relTarget = '../'.repeat(12) + canary.slice(1);
    makeFixtureImage(source, {
      files: {
        [absFile.slice(1)]: { symlink: canary },
        [relFile.slice(1)]: { symlink: relTarget },
        'etc/resolv.conf': { symlink: '/run/systemd/resolve/stub-resolv.conf' },
      },
    });
    // Never read since written: under relatime any read moves its atime.
    const canaryBefore = statSync(canary);
    const plan = fixturePlan(dir, source, { copy_files: [absFile, relFile, '/etc/resolv.conf'] }, [
      shell({
        inline: [
          `cat ${absFile} ${relFile} > /root/seen`,
          'head -c 0 /etc/resolv.conf && echo resolv-readable >> /root/seen',
        ],
      }),
    ]);
    const ui = recordingUi();
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(result.error?.message).toBeUndefined();
    expect(leftovers(dir)).toEqual([]);
    const canaryAfter = statSync(canary);
    expect(canaryAfter.mtimeMs).toBe(canaryBefore.mtimeMs);
    expect(canaryAfter.atimeMs).toBe(canaryBefore.atimeMs);
    expect(readFileSync(canary, 'utf8')).toBe('HOST CANARY\n');

    const mnt = join(dir, 'check');
    mkdirSync(mnt);
    execFileSync('mount', ['-o', 'ro,offset=1048576', plan.source.output_image, mnt]);
    try {
      expect(readFileSync(join(mnt, 'root/seen'), 'utf8')).toBe('copied abs\ncopied rel\nresolv-readable\n');
      expect(readlinkSync(join(mnt, absFile))).toBe(canary);
      expect(readlinkSync(join(mnt, relFile))).toBe(relTarget);
      expect(readlinkSync(join(mnt, 'etc/resolv.conf'))).toBe('/run/systemd/resolve/stub-resolv.conf');
      // No backups or copies left behind next to the restored links.
      expect(readdirSync(join(mnt, 'etc')).filter((n) => n.includes('chrootforge'))).toEqual([]);
      expect(readdirSync(join(mnt, cfg)).sort()).toEqual(['abs.conf', 'rel.conf']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
