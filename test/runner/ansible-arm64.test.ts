/**
 * The host's Ansible in a foreign-architecture root: the `ansible`
 * provisioner's chroot connection runs `chroot MOUNT /bin/sh -c …` itself,
 * so the image's programs run through binfmt_misc and qemu-user as the
 * communicator's do (docs/ansible.md says so; this is the check). The root
 * is the cached arm64 debootstrap base (minbase: no Python, so `raw` tasks
 * only), built as a user writes it in HCL; the artifact is read from outside.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { planBuilds } from '../../template/plan.js';
import { cachedDebianBase } from '../fixtures/debian/cache.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { analyzeFiles } from '../support/analyze-text.js';
import { missing, skipNote } from '../support/requirements.js';

const why =
  missing.loop() ??
  ['debootstrap', 'zstd', 'qemu-aarch64-static', 'update-binfmts', 'ansible-playbook']
    .map((t) => missing.tool(t))
    .find(Boolean);

describe.skipIf(why)(`ansible in an arm64 Debian root through qemu-user${skipNote(why)}`, () => {
  let dir: string;
  let base: string;

  beforeAll(() => {
    dir = mkdtempSync(join('/var/tmp', 'cf-ansible-arm64-'));
    chmodSync(dir, 0o755);
    const fixture = cachedDebianBase('arm64');
    console.log(
      `[timing] debootstrap base arm64 (${fixture.hit ? 'cache hit' : 'made now'}): ${fixture.seconds.toFixed(1)} s`,
    );
    base = fixture.path;
  }, 30 * 60_000); // A fresh machine runs debootstrap with an emulated second stage here.
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs raw tasks in the arm64 root with --connection=chroot: the image sees aarch64',
    async () => {
      writeFileSync(
        join(dir, 'site.yml'),
        `- hosts: all
  gather_facts: false
  tasks:
    - ansible.builtin.raw: uname -m > /etc/ansible-arch
    - ansible.builtin.raw: dpkg --print-architecture >> /etc/ansible-arch
`,
      );
      const template = `source "chroot" "arm64" {
  source_image = "${base}"
  image_size   = "1G"
  mount_path   = "${dir}/mnt/{{.Device}}"
  output_image = "${dir}/out/arm64.img"
  qemu_binary  = "qemu-aarch64-static"
}

build {
  sources = ["source.chroot.arm64"]

  provisioner "ansible" {
    playbook_file   = "site.yml"
    extra_arguments = ["--connection=chroot", "-e", "ansible_host=\${build.MountPath}"]
  }
}
`;
      const analysis = await analyzeFiles({ [join(dir, 'arm64.pkr.hcl')]: template }, { cwd: dir, templateDir: dir });
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const [plan] = planBuilds(analysis, { templateDir: dir, cwd: dir });
      const ui = recordingUi();
      const t0 = Date.now();
      const result = await runBuild(plan!, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
      console.log(`[timing] arm64 build with ansible: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const output = ui.lines.join('\n');
      expect(result.error?.message, output).toBeUndefined();
      expect(leftovers(dir)).toEqual([]);
      expect(output).toMatch(/Executing Ansible: ansible-playbook .*--connection=chroot/);

      const mnt = join(dir, 'check');
      mkdirSync(mnt, { recursive: true });
      execFileSync('mount', ['-o', 'ro,noload,offset=1048576', plan!.source.output_image, mnt]);
      try {
        const arch = join(mnt, 'etc/ansible-arch');
        expect(existsSync(arch) ? readFileSync(arch, 'utf8') : 'missing').toBe('aarch64\narm64\n');
      } finally {
        execFileSync('umount', [mnt]);
      }
    },
    10 * 60_000,
  );
});
