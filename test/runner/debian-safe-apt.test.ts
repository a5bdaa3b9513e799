/**
 * Safe apt inside a Debian chroot (prevent_service_starts), on a real
 * Debian root (the cached debootstrap base) on a real loop device:
 * - a policy-rc.d that denies is in place while the provisioners run, so a
 *   package whose postinst starts its service (through invoke-rc.d, as
 *   Debian's packages do) starts nothing, and it is gone from the artifact;
 * - an image's own policy-rc.d is restored, content and mode;
 * - after a SIGKILL mid-build, `chrootforge cleanup` restores it;
 * - with the field off, the same package does start its daemon, and early
 *   cleanup stops it so the mounts come off (no daemon left holding them).
 *
 * invoke-rc.d starts a SysV service only when it can tell the runlevel (a
 * booted sysvinit system; a chroot usually cannot), so the fixture root
 * answers like one: /sbin/init exists and /sbin/runlevel prints "N 2".
 * Images are inspected with debugfs, without mounting them.
 */
import { execa, type ResultPromise } from 'execa';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import type { BuildPlan, ChrootSource } from '../../template/plan-model.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { cachedDebianBase } from '../fixtures/debian/cache.js';
import { compileProject, RUN_PLAN_DRIVER } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const why = missing.loop() ?? ['debootstrap', 'zstd', 'debugfs', 'dpkg-deb'].map((t) => missing.tool(t)).find(Boolean);

/** The image's own policy-rc.d in the tests that have one. */
const OWN_POLICY = "#!/bin/sh\n# the image's own policy\nexit 0\n";

describe.skipIf(why)(`safe apt in a Debian chroot (prevent_service_starts)${skipNote(why)}`, () => {
  let dir: string;
  let source: string;
  let deb: string;
  let dist: string | undefined;
  let runs = 0;

  beforeAll(() => {
    dir = mkdtempSync(join('/var/tmp', 'cf-safe-apt-'));
    chmodSync(dir, 0o755);
    const t0 = Date.now();
    const base = cachedDebianBase('amd64');
    console.log(
      `[timing] debootstrap base amd64 (${base.hit ? 'cache hit' : 'made now'}): ${base.seconds.toFixed(1)} s`,
    );
    source = join(dir, 'debian.img');
    makeDebianImage(base.path, source, dir);
    deb = makeServiceDeb(dir);
    console.log(`[timing] safe-apt fixtures: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 20 * 60_000); // A fresh machine runs debootstrap here.
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const plan = (source_: Partial<ChrootSource>, inline: string[]): BuildPlan => {
    runs++;
    const p = fixturePlan(
      dir,
      source,
      { mount_partition: '0', output_image: join(dir, 'out', `image-${runs}.img`), ...source_ },
      [{ type: 'file', source: deb, destination: '/tmp/cf-test-daemon.deb', direction: 'upload' }, shell({ inline })],
    );
    return p;
  };

  async function build(p: BuildPlan) {
    const ui = recordingUi();
    const result = await runBuild(p, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    const output = ui.lines.join('\n');
    expect(result.ok, output).toBe(true);
    expect(leftovers(dir)).toEqual([]);
    return output;
  }

  it('denies every service start while provisioning; the policy-rc.d is gone from the artifact', async () => {
    const p = plan({}, [
      'test -x /usr/sbin/policy-rc.d',
      '/usr/sbin/policy-rc.d cf-test-daemon start || echo "policy answers $?"',
      'dpkg -i /tmp/cf-test-daemon.deb',
      'test -e /var/lib/cf-test-daemon.started || echo "the daemon did not start"',
    ]);
    const output = await build(p);
    expect(output).toMatch(/Preventing service starts in the chroot/);
    expect(output).toMatch(/policy answers 101/);
    expect(output).toMatch(/policy-rc\.d denied execution of start/);
    expect(output).toMatch(/the daemon did not start/);
    expect(output).not.toMatch(/Stopped \d+ process/);
    const image = p.source.output_image;
    expect(debugfs(image, 'stat /var/lib/dpkg/info/cf-test-daemon.list')).toMatch(/Inode:/);
    expect(debugfs(image, 'stat /usr/sbin/policy-rc.d')).toMatch(/File not found/);
    expect(debugfs(image, 'ls /usr/sbin')).not.toMatch(/chrootforge/);
  });

  it("restores the image's own policy-rc.d, content and mode", async () => {
    const p = plan({ post_mount_commands: [placeOwnPolicy(dir)] }, [
      'grep -q "exit 101" /usr/sbin/policy-rc.d && echo "ours in place"',
      'dpkg -i /tmp/cf-test-daemon.deb',
    ]);
    const output = await build(p);
    expect(output).toMatch(/ours in place/);
    expect(output).toMatch(/The image's own \/usr\/sbin\/policy-rc\.d is set aside/);
    const image = p.source.output_image;
    expect(debugfs(image, 'cat /usr/sbin/policy-rc.d')).toBe(OWN_POLICY);
    expect(debugfs(image, 'stat /usr/sbin/policy-rc.d')).toMatch(/Mode:\s+0750/);
    expect(debugfs(image, 'ls /usr/sbin')).not.toMatch(/chrootforge/);
  });

  it("after a SIGKILL mid-provisioning, chrootforge cleanup restores the image's own policy-rc.d", async () => {
    dist = compileProject();
    const p = plan({ post_mount_commands: [placeOwnPolicy(dir)] }, ['echo provisioner-running', 'sleep 1000']);
    const planFile = join(dir, `plan-${runs}.json`);
    writeFileSync(planFile, JSON.stringify(p));
    const stateDir = join(dir, `state-kill-${runs}`);
    let text = '';
    const child: ResultPromise = execa(process.execPath, [RUN_PLAN_DRIVER, dist, planFile, stateDir, dir], {
      reject: false,
      all: true,
    });
    child.all?.on('data', (d: Buffer) => (text += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/provisioner-running/.test(text)) {
      if (Date.now() > deadline) throw new Error(`the build did not reach the provisioner:\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // A second name for the working image: `cleanup` deletes the build's
    // copy, this one shows what the restore left in it.
    const working = findWorkingImage(dir);
    const kept = join(dir, 'kept.img');
    linkSync(working, kept);
    child.kill('SIGKILL');
    await child;
    expect(leftovers(dir).length).toBeGreaterThan(0);
    const cleanup = await execa(process.execPath, [join(dist, 'cli/main.js'), 'cleanup'], {
      env: { CHROOTFORGE_STATE_DIR: stateDir },
      reject: false,
      all: true,
    });
    expect(cleanup.exitCode, cleanup.all).toBe(0);
    expect(cleanup.all).toMatch(/restored .*\/usr\/sbin\/policy-rc\.d/);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'journal'))).toEqual([]);
    expect(debugfs(kept, 'cat /usr/sbin/policy-rc.d')).toBe(OWN_POLICY);
    expect(debugfs(kept, 'ls /usr/sbin')).not.toMatch(/chrootforge/);
  });

  it('with prevent_service_starts = false the postinst starts its daemon, and early cleanup stops it', async () => {
    const p = plan({ prevent_service_starts: false }, [
      'test ! -e /usr/sbin/policy-rc.d',
      'dpkg -i /tmp/cf-test-daemon.deb',
      'test -e /var/lib/cf-test-daemon.started && echo "the daemon started"',
    ]);
    const output = await build(p);
    expect(output).not.toMatch(/Preventing service starts/);
    expect(output).toMatch(/the daemon started/);
    // The daemon (setsid, detached) held the root: stopped, then everything unmounted.
    expect(output).toMatch(/Stopped [1-9]\d* process\(es\) still running in the chroot/);
  });
});

/** A whole-disk ext4 image (mount_partition "0") of the base, with an init that can tell its runlevel. */
function makeDebianImage(baseTarball: string, out: string, dir: string): void {
  const tree = join(dir, 'tree');
  mkdirSync(tree, { mode: 0o755 });
  execFileSync('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=*', '--zstd', '-C', tree, '-xf', baseTarball]);
  writeFileSync(join(tree, 'usr/sbin/init'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  writeFileSync(join(tree, 'usr/sbin/runlevel'), '#!/bin/sh\necho N 2\n', { mode: 0o755 });
  execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'root', '-d', tree, out, '1G']);
  rmSync(tree, { recursive: true, force: true });
}

/** A package whose postinst starts its SysV service through invoke-rc.d; the service leaves a daemon. */
function makeServiceDeb(dir: string): string {
  const pkg = join(dir, 'pkg');
  mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
  mkdirSync(join(pkg, 'etc/init.d'), { recursive: true });
  writeFileSync(
    join(pkg, 'DEBIAN/control'),
    'Package: cf-test-daemon\nVersion: 1.0\nArchitecture: all\nMaintainer: chrootforge tests <tests@example.invalid>\nDescription: a service whose postinst starts it\n',
  );
  writeFileSync(
    join(pkg, 'DEBIAN/postinst'),
    '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n  update-rc.d cf-test-daemon defaults >/dev/null\n  invoke-rc.d cf-test-daemon start\nfi\n',
    { mode: 0o755 },
  );
  writeFileSync(
    join(pkg, 'etc/init.d/cf-test-daemon'),
    [
      '#!/bin/sh',
      '### BEGIN INIT INFO',
      '# Provides:          cf-test-daemon',
      '# Required-Start:',
      '# Required-Stop:',
      '# Default-Start:     2 3 4 5',
      '# Default-Stop:      0 1 6',
      '# Short-Description: chrootforge test daemon',
      '### END INIT INFO',
      'case "$1" in',
      '  start)',
      '    date > /var/lib/cf-test-daemon.started',
      "    setsid sh -c 'exec sleep 1000' </dev/null >/dev/null 2>&1 &",
      '    ;;',
      'esac',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const out = join(dir, 'cf-test-daemon.deb');
  execFileSync('dpkg-deb', ['--root-owner-group', '-b', pkg, out], { stdio: 'ignore' });
  return out;
}

/** A host command for post_mount_commands that gives the image its own policy-rc.d (mode 0750). */
function placeOwnPolicy(dir: string): string {
  const file = join(dir, 'own-policy-rc.d');
  writeFileSync(file, OWN_POLICY);
  return `install -m 0750 '${file}' '{{.MountPath}}/usr/sbin/policy-rc.d'`;
}

/** The working image of the one build running under `dir`. */
function findWorkingImage(dir: string): string {
  for (const name of readdirSync(dir).filter((n) => n.startsWith('.chrootforge-'))) {
    const files = readdirSync(join(dir, name)).filter((f) => !f.startsWith('.'));
    if (files.length === 1) return join(dir, name, files[0]!);
  }
  throw new Error(`no working image under ${dir}: ${readdirSync(dir).join(', ')}`);
}

/** Runs one debugfs request against an ext4 image (read-only, no mount): its output and its complaints. */
function debugfs(image: string, request: string): string {
  const r = spawnSync('debugfs', ['-R', request, image], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`debugfs -R '${request}' ${image}: ${r.stderr}`);
  // The first stderr line is debugfs's banner; a lookup failure follows it.
  return request.startsWith('cat ') ? r.stdout : `${r.stdout}${r.stderr.split('\n').slice(1).join('\n')}`;
}
