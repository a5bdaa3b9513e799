/**
 * Every provisioner kind in a real build: shell (inline, script, scripts,
 * environment_vars with quotes and `$`, execute_command, valid_exit_codes,
 * chroot_env), file (file, directory, content, download), shell-local (with
 * MountPath and Device); only/except, max_retries, timeout, pause_before.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import type { FileProvisioner, ProvisionerPlan, ShellLocalProvisioner } from '../../template/plan-model.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { fixturePlan, shell } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const file = (f: Partial<FileProvisioner>): FileProvisioner => ({
  type: 'file',
  destination: '/',
  direction: 'upload',
  ...f,
});
const local = (f: Partial<ShellLocalProvisioner>): ShellLocalProvisioner => ({
  type: 'shell-local',
  environment_vars: [],
  execute_command: ['/bin/sh', '-c', '{{.Vars}} {{.Command}}'],
  inline_shebang: '/bin/sh -e',
  valid_exit_codes: [0],
  ...f,
});

describe.skipIf(missing.loop())(`provisioners in a real build${skipNote(missing.loop())}`, () => {
  let dir: string;
  let source: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-prov-'));
    source = join(dir, 'source.img');
    makeFixtureImage(source);
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Builds with `provisioners`, then returns a reader of the artifact's files. */
  async function build(provisioners: ProvisionerPlan[], extra: Parameters<typeof fixturePlan>[2] = {}) {
    const ui = recordingUi();
    const out = join(dir, `out-${++n}.img`);
    const plan = fixturePlan(dir, source, { output_image: out, ...extra }, provisioners);
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    expect(leftovers(dir)).toEqual([]);
    return { result, ui, out, plan };
  }

  function readArtifact(image: string, paths: string[]): Record<string, { text: string; mode: number } | undefined> {
    const mnt = join(dir, `check-${n}`);
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', image, mnt]);
    try {
      return Object.fromEntries(
        paths.map((p) => [
          p,
          existsSync(join(mnt, p))
            ? { text: readFileSync(join(mnt, p), 'utf8'), mode: statSync(join(mnt, p)).mode & 0o7777 }
            : undefined,
        ]),
      );
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  it('shell: environment_vars with quotes, $, backticks and = arrive verbatim; chroot_env too', async () => {
    const script = join(dir, 'script.sh');
    writeFileSync(script, '#!/bin/sh\necho "script:$1:$GREETING" >> /root/log\n');
    const scriptB = join(dir, 'script-b.sh');
    writeFileSync(scriptB, '#!/bin/sh\necho "b:$PACKER_BUILD_NAME:$PACKER_BUILDER_TYPE" >> /root/log\n');
    const vars = [
      "SINGLE=it's",
      'DOLLAR=$HOME and ${PATH}',
      'BACK=`id -u`',
      'EQ=a=b=c',
      'DQ="quoted"',
      'GREETING=hi there',
    ];
    const { result, out } = await build(
      [
        shell({
          inline: ['printf "%s|" "$SINGLE" "$DOLLAR" "$BACK" "$EQ" "$DQ" "$FROM_CHROOT_ENV" > /root/vars'],
          environment_vars: vars,
        }),
        shell({
          script,
          environment_vars: ['GREETING=from script'],
          execute_command: 'chmod +x {{.Path}}; {{.Vars}} {{.Path}} arg1',
        }),
        shell({ scripts: [scriptB] }),
        shell({ inline: ['exit 3'], valid_exit_codes: [0, 3] }),
      ],
      { chroot_env: { FROM_CHROOT_ENV: "ce'$x" } },
    );
    expect(result.error?.message).toBeUndefined();
    const files = readArtifact(out, ['root/vars', 'root/log']);
    expect(files['root/vars']?.text).toBe(`it's|$HOME and \${PATH}|\`id -u\`|a=b=c|"quoted"|ce'$x|`);
    expect(files['root/log']?.text).toBe('script:arg1:from script\nb:test:chroot\n');
  });

  it('file: uploads a file (mode kept), a directory, content; downloads to the host', async () => {
    const src = join(dir, 'conf');
    writeFileSync(src, 'conf\n');
    chmodSync(src, 0o600);
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'deep'), { recursive: true });
    writeFileSync(join(tree, 'deep/x'), 'x');
    const downloaded = `${join(dir, 'downloads')}/`;
    const { result, out } = await build([
      file({ source: src, destination: '/etc/app.conf' }),
      file({ source: tree, destination: '/opt' }),
      file({ content: 'from content\n', destination: '/etc/content.txt' }),
      file({ source: '/etc/hostname', destination: downloaded, direction: 'download' }),
    ]);
    expect(result.error?.message).toBeUndefined();
    const files = readArtifact(out, ['etc/app.conf', 'opt/tree/deep/x', 'etc/content.txt']);
    expect(files['etc/app.conf']).toEqual({ text: 'conf\n', mode: 0o600 });
    expect(files['opt/tree/deep/x']?.text).toBe('x');
    expect(files['etc/content.txt']?.text).toBe('from content\n');
    expect(readFileSync(join(dir, 'downloads/hostname'), 'utf8')).toBe('fixture\n');
  });

  it('shell-local: runs on the host with MountPath and Device rendered', async () => {
    const marker = join(dir, 'local-marker');
    const { result, out } = await build([
      local({
        inline: [
          `echo "{{.Device}}" > ${marker}`,
          'echo local > {{.MountPath}}/etc/from-host',
          `echo "$V" >> ${marker}`,
        ],
        environment_vars: ["V=it's local"],
      }),
    ]);
    expect(result.error?.message).toBeUndefined();
    expect(readFileSync(marker, 'utf8')).toMatch(/^\/dev\/loop\d+p1\nit's local\n$/);
    expect(readArtifact(out, ['etc/from-host'])['etc/from-host']?.text).toBe('local\n');
  });

  it('only/except select by build name; max_retries retries; pause_before waits', async () => {
    const t0 = Date.now();
    const { result, out } = await build([
      shell({ inline: ['echo only > /root/only'], only: ['chroot.test'] }),
      shell({ inline: ['echo other > /root/other'], only: ['chroot.other'] }),
      shell({ inline: ['echo except > /root/except'], except: ['test'] }),
      // Fails the first time, succeeds the second: the counter lives in the image.
      shell({ inline: ['echo x >> /root/tries', 'test "$(wc -l < /root/tries)" -ge 2'], max_retries: 2 }),
      shell({ inline: ['true'], pause_before: 400 }),
    ]);
    expect(result.error?.message).toBeUndefined();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    const files = readArtifact(out, ['root/only', 'root/other', 'root/except', 'root/tries']);
    expect(files['root/only']?.text).toBe('only\n');
    expect(files['root/other']).toBeUndefined();
    expect(files['root/except']).toBeUndefined();
    expect(files['root/tries']?.text).toBe('x\nx\n');
  });

  it('timeout stops a provisioner that runs too long and fails the build naming it', async () => {
    const t0 = Date.now();
    const { result } = await build([shell({ inline: ['sleep 30'], timeout: 500 })]);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/timed out after 0.5s/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
