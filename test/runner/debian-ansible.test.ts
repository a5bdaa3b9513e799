/**
 * A real playbook through both Ansible provisioners in a real build of a
 * Debian root (the cached debootstrap base as a rootfs tarball source), as a
 * user writes it in HCL: validated, planned and built in this process.
 *
 * - the base carries ansible-core and python3-apt, installed by apt in the
 *   debootstrap base once per machine and cached by content
 *   (cachedDebianBaseWith): users install them with a shell provisioner
 *   before ansible-local (docs/ansible.md), which inside this build took
 *   about 67 s of every run; Python is what the host's Ansible needs in the
 *   image too. A shell provisioner runs apt-get update for the playbooks' apt;
 * - `ansible`: the host's ansible-playbook with `--connection=chroot` and
 *   `-e ansible_host=${build.MountPath}` (the recipe of real templates), a
 *   role installed by ansible-galaxy from galaxy_file into roles_path,
 *   facts gathered in the image, apt installs `hello`, a template writes
 *   /etc/motd with a variable from extra_arguments;
 * - `ansible-local`: playbook_dir, group_vars and inventory_groups uploaded,
 *   the image's ansible-playbook installs `tree` with apt and templates a
 *   file with a group variable and the plugin's packer_* variables; the
 *   staging directory is cleaned.
 * The artifact is read through a read-only mount.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { planBuilds } from '../../template/plan.js';
import { cachedDebianBaseWith } from '../fixtures/debian/cache.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { analyzeFiles } from '../support/analyze-text.js';
import { missing, skipNote } from '../support/requirements.js';

const why =
  missing.loop() ??
  ['debootstrap', 'zstd', 'ansible-playbook', 'ansible-galaxy'].map((t) => missing.tool(t)).find(Boolean);

describe.skipIf(why)(`ansible and ansible-local in a real Debian build${skipNote(why)}`, () => {
  let dir: string;
  let base: string;

  beforeAll(() => {
    dir = mkdtempSync(join('/var/tmp', 'cf-debian-ansible-'));
    chmodSync(dir, 0o755);
    const fixture = cachedDebianBaseWith('amd64', 'ansible', ['ansible-core', 'python3-apt']);
    console.log(
      `[timing] Debian base amd64 with ansible-core (${fixture.hit ? 'cache hit' : 'made now'}): ${fixture.seconds.toFixed(1)} s`,
    );
    base = fixture.path;
  }, 20 * 60_000); // A fresh machine runs debootstrap here.
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  function write(path: string, text: string): string {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  it(
    'installs packages with apt and templates files through both provisioners',
    async () => {
      // The host's project: a playbook, and a role that ansible-galaxy installs from a local archive.
      write(
        'host/site.yml',
        `- hosts: debian
  roles:
    - motd
  tasks:
    - name: install hello
      ansible.builtin.apt:
        name: hello
        state: present
`,
      );
      write(
        'role-src/motd/meta/main.yml',
        'galaxy_info:\n  author: chrootforge\n  description: motd\n  license: MIT\n  min_ansible_version: "2.14"\ndependencies: []\n',
      );
      write(
        'role-src/motd/tasks/main.yml',
        '- ansible.builtin.template:\n    src: motd.j2\n    dest: /etc/motd\n    mode: "0644"\n',
      );
      write(
        'role-src/motd/templates/motd.j2',
        "Built by {{ motd_owner }} on {{ ansible_facts['distribution'] }} {{ ansible_facts['distribution_major_version'] }}\n",
      );
      execFileSync('tar', ['-czf', join(dir, 'host/motd.tar.gz'), '-C', join(dir, 'role-src'), 'motd']);
      write('host/requirements.yml', `roles:\n  - src: ${join(dir, 'host/motd.tar.gz')}\n    name: motd\n`);
      // The image's project.
      write(
        'local/site.yml',
        `- hosts: debian
  tasks:
    - name: install tree
      ansible.builtin.apt:
        name: tree
        state: present
    - ansible.builtin.template:
        src: templates/issue.j2
        dest: /etc/chrootforge-issue
        mode: "0644"
`,
      );
      write(
        'local/templates/issue.j2',
        '{{ site_name }} by {{ packer_builder_type }} build {{ packer_build_name }}; extra {{ local_extra }}\n',
      );
      write('local/group_vars/debian.yml', 'site_name: chrootforge-local\n');
      const template = `source "chroot" "debian" {
  source_image = "${base}"
  image_size   = "2G"
  mount_path   = "${dir}/mnt/{{.Device}}"
  output_image = "${dir}/out/debian.img"
}

build {
  sources = ["source.chroot.debian"]

  provisioner "shell" {
    inline = ["apt-get update -qq"]
  }

  provisioner "ansible" {
    playbook_file   = "host/site.yml"
    extra_arguments = ["--connection=chroot", "-e", "ansible_host=\${build.MountPath}", "-e", "motd_owner='host ansible'"]
    groups          = ["debian"]
    galaxy_file     = "host/requirements.yml"
    roles_path      = "host/roles"
  }

  provisioner "ansible-local" {
    playbook_dir            = "local"
    playbook_file           = "local/site.yml"
    group_vars              = "local/group_vars"
    inventory_groups        = ["debian"]
    extra_arguments         = ["-e", "local_extra=yes"]
    clean_staging_directory = true
  }
}
`;
      const analysis = await analyzeFiles({ [join(dir, 'debian.pkr.hcl')]: template }, { cwd: dir, templateDir: dir });
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const [plan] = planBuilds(analysis, { templateDir: dir, cwd: dir });
      const ui = recordingUi();
      // When each provisioner starts (its first line), for the timings printed below.
      const starts: number[] = [];
      const say = ui.say;
      ui.say = (text) => {
        if (/^Provisioning with (shell|Ansible)/.test(text)) starts.push(Date.now());
        say(text);
      };
      const t0 = Date.now();
      const result = await runBuild(plan!, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
      const output = ui.lines.join('\n');
      console.log(`[timing] Debian build with ansible and ansible-local: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const provision = Number(/^\[timing\] provision ([\d.]+)/m.exec(output)?.[1] ?? 0) * 1000;
      const ends = [...starts.slice(1), (starts[0] ?? 0) + provision];
      for (const [i, name] of ['shell (apt-get update)', 'ansible', 'ansible-local'].entries())
        console.log(`[timing]   ${name}: ${(((ends[i] ?? 0) - (starts[i] ?? 0)) / 1000).toFixed(1)} s`);
      console.log(ui.lines.filter((l) => l.startsWith('[timing]')).join('\n'));
      expect(result.error?.message, output).toBeUndefined();
      expect(leftovers(dir)).toEqual([]);

      expect(output).toMatch(/Executing Ansible Galaxy/);
      expect(output).toMatch(/- motd was installed successfully|motd \(unknown version\) was installed successfully/);
      expect(output).toMatch(
        /Executing Ansible: ansible-playbook -e packer_build_name="debian" -e packer_builder_type=chroot --connection=chroot -e ansible_host=\S+\/mnt\/loop\d+ -e motd_owner='host ansible' -i \S+packer-provisioner-ansible\d+ \S+\/host\/site\.yml/,
      );
      expect(output).toMatch(
        /Executing Ansible: cd '\/tmp\/packer-provisioner-ansible-local\/[0-9a-f-]{36}' && ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook '\/tmp\/packer-provisioner-ansible-local\/[0-9a-f-]{36}\/site\.yml' --extra-vars 'packer_build_name=debian packer_builder_type=chroot packer_http_addr=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER -o IdentitiesOnly=yes' -e local_extra=yes -c local -i '\/tmp\/packer-provisioner-ansible-local\/[0-9a-f-]{36}\/packer-provisioner-ansible-local\d+'/,
      );

      const { files, staged } = readArtifact(plan!.source.output_image, [
        'etc/motd',
        'etc/chrootforge-issue',
        'var/lib/dpkg/status',
        'usr/bin/hello',
        'usr/bin/tree',
        'root/.ansible',
      ]);
      expect(files['etc/motd']).toBe('Built by host ansible on Debian 12\n');
      expect(files['etc/chrootforge-issue']).toBe('chrootforge-local by chroot build debian; extra yes\n');
      expect(files['usr/bin/hello']).toBeDefined();
      expect(files['usr/bin/tree']).toBeDefined();
      for (const pkg of ['hello', 'tree'])
        expect(files['var/lib/dpkg/status']).toMatch(new RegExp(`Package: ${pkg}\\nStatus: install ok installed\\n`));
      console.log('root/.ansible in the image:', files['root/.ansible'] !== undefined);
      // clean_staging_directory: the run's directory is gone.
      expect(staged).toEqual([]);
    },
    15 * 60_000,
  );

  /**
   * Files of the artifact's root partition (at 1 MiB) through a read-only
   * mount, undefined where missing; and what is left in the default staging root.
   */
  function readArtifact(image: string, paths: string[]) {
    const mnt = join(dir, 'check');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,noload,offset=1048576', image, mnt]);
    try {
      const files: Record<string, string | undefined> = Object.fromEntries(
        paths.map((p) => [
          p,
          existsSync(join(mnt, p))
            ? statSync(join(mnt, p)).isDirectory()
              ? readdirSync(join(mnt, p)).join(' ')
              : readFileSync(join(mnt, p), 'latin1')
            : undefined,
        ]),
      );
      return { files, staged: readdirSync(join(mnt, 'tmp/packer-provisioner-ansible-local')) };
    } finally {
      execFileSync('umount', [mnt]);
    }
  }
});
