/**
 * qemu setup against real binfmt_misc entries. The entries registered here
 * have a magic no real program has, so the host's behaviour is unchanged
 * while they exist; they are removed afterwards, as is a binfmt_misc mount
 * the test made.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { isMountPoint } from '../../runner/chroot/mountinfo.js';
import { runningInContainer } from '../../runner/in-container.js';
import { BINFMT_DIR } from '../../runner/steps/qemu-setup.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.loop())(`qemu setup with binfmt_misc${skipNote(missing.loop())}`, () => {
  let dir: string;
  let source: string;
  let mountedByTest = false;
  const tag = randomBytes(4).toString('hex');
  const entries: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-qemu-'));
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    for (const e of entries) if (existsSync(join(BINFMT_DIR, e))) writeFileSync(join(BINFMT_DIR, e), '-1');
    if (mountedByTest) execFileSync('umount', [BINFMT_DIR]);
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  function register(name: string, interpreter: string, flags: string): void {
    if (!isMountPoint(BINFMT_DIR)) {
      execFileSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR]);
      mountedByTest = true;
    }
    // Magic "\xffCF" + tag: no real executable starts like this.
    writeFileSync(
      join(BINFMT_DIR, 'register'),
      `:${name}:M::\\xff\\x43\\x46${tag.replace(/../g, '\\x$&')}::${interpreter}:${flags}`,
    );
    entries.push(name);
  }

  async function build(qemu: string, inline: string[]) {
    const out = join(dir, `out-${randomBytes(3).toString('hex')}.img`);
    const ui = recordingUi();
    const result = await runBuild(
      fixturePlan(dir, source, { qemu_binary: qemu, output_image: out, chroot_mounts: [['proc', 'proc', '/proc']] }, [
        shell({ inline }),
      ]),
      {
        ui,
        stateDir: join(dir, 'state'),
        workRoot: dir,
        handleSignals: false,
      },
    );
    expect(leftovers(dir)).toEqual([]);
    return { result, ui, out };
  }

  // This machine's own facts decide the branch: a host here (the VM keeps a
  // stale /.dockerenv, which alone does not make a container); the container
  // branch runs for real in test/container.
  const inContainer = runningInContainer();
  it(`no binfmt entry for qemu_binary: a clear error naming the fix for ${inContainer ? 'a container' : 'the host'} it runs on`, async () => {
    const wasMounted = isMountPoint(BINFMT_DIR);
    const { result } = await build(`qemu-nonexistent-${tag}-static`, ['true']);
    expect(result.ok).toBe(false);
    if (inContainer) {
      expect(result.error?.message).toMatch(
        /no binfmt_misc entry uses it.*runs in a container.*on the host, e\.g\. docker run --privileged --rm tonistiigi\/binfmt --install all/,
      );
    } else {
      expect(result.error?.message).toMatch(
        /no binfmt_misc entry uses it.*apt-get install qemu-user-static binfmt-support/,
      );
      expect(result.error?.message).not.toMatch(/container/);
    }
    // A binfmt_misc mount the build made for its check is gone again.
    expect(isMountPoint(BINFMT_DIR)).toBe(wasMounted);
  });

  it('entry without the F flag: the interpreter is copied into the chroot for the build only', async () => {
    const interp = `/usr/bin/cf-interp-${tag}`;
    const hostBinary = join(dir, `cf-interp-${tag}`);
    writeFileSync(hostBinary, '#!/bin/sh\n');
    chmodSync(hostBinary, 0o755);
    register(`cf-noF-${tag}`, interp, '');
    const { result, out } = await build(hostBinary, [`test -x ${interp}`]);
    expect(result.error?.message).toBeUndefined();
    const mnt = join(dir, 'check');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', out, mnt]);
    try {
      expect(existsSync(join(mnt, interp))).toBe(false);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('entry with the F flag: nothing is copied', async () => {
    const interp = join(dir, `cf-interpF-${tag}`);
    writeFileSync(interp, '#!/bin/sh\n');
    chmodSync(interp, 0o755);
    register(`cf-F-${tag}`, interp, 'F');
    const { result, ui } = await build(interp, [`test ! -e ${interp}`]);
    expect(result.error?.message).toBeUndefined();
    expect(ui.lines.join('\n')).toMatch(/has the F flag/);
  });
});
