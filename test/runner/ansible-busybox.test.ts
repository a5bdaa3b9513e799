/**
 * The ansible and ansible-local provisioners in real builds of the small
 * busybox image (seconds each; the Debian builds with apt are in
 * debian-ansible.test.ts):
 * - ansible: the host's ansible-playbook works in the mounted image through
 *   the chroot connection of the generated inventory (groups, extra
 *   arguments with build data, ansible_env_vars; raw tasks need no Python);
 *   the inventory is removed afterwards; a module task in an image without
 *   Python fails the build with that reason; an interrupted run leaves no
 *   process, inventory, mount or artifact;
 * - ansible-local: the staging directory as the plugin lays it out and the
 *   command lines it runs in the image, seen by stand-ins for
 *   ansible-playbook and ansible-galaxy installed in the image; a clear
 *   error when the image has no ansible-playbook.
 * Artifacts are read through a read-only mount.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../runner/build.js';
import { recordingUi } from '../../runner/ui/ui.js';
import type { ProvisionerPlan } from '../../template/plan-model.js';
import { ansible, ansibleLocal } from '../fixtures/runner/ansible-plan.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { fixturePlan } from '../fixtures/runner/plan.js';
import { missing, skipNote } from '../support/requirements.js';

const why = missing.loop() ?? missing.tool('ansible-playbook');

/** Stand-ins for the image's Ansible: they log how they were run. */
const STAND_IN = (name: string) =>
  [
    '#!/bin/sh',
    `{ echo "${name} in $(pwd)"; for a in "$@"; do echo "  arg: $a"; done`,
    '  env | grep -E "^ANSIBLE_(ROLES|COLLECTIONS)_PATH|^ANSIBLE_FORCE_COLOR|^PYTHONUNBUFFERED" | sort | sed "s/^/  env: /"',
    '} >> /root/ansible-calls.log',
    '',
  ].join('\n');

describe.skipIf(why)(`ansible provisioners in real builds (busybox image)${skipNote(why)}`, () => {
  let dir: string;
  let plain: string;
  let withStandIns: string;
  let n = 0;

  beforeAll(() => {
    dir = mkdtempSync(join('/var/tmp', 'cf-ansible-'));
    plain = join(dir, 'plain.img');
    makeFixtureImage(plain);
    withStandIns = join(dir, 'stand-ins.img');
    makeFixtureImage(withStandIns, {
      files: {
        'usr/bin/ansible-playbook': { content: STAND_IN('ansible-playbook'), mode: 0o755 },
        'usr/bin/ansible-galaxy': { content: STAND_IN('ansible-galaxy'), mode: 0o755 },
      },
    });
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  async function build(source: string, provisioners: ProvisionerPlan[]) {
    const ui = recordingUi();
    const out = join(dir, `out-${++n}.img`);
    const plan = fixturePlan(dir, source, { output_image: out }, provisioners);
    const t0 = Date.now();
    const result = await runBuild(plan, { ui, stateDir: join(dir, 'state'), workRoot: dir, handleSignals: false });
    console.log(`[timing] ansible busybox build ${n}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(leftovers(dir)).toEqual([]);
    return { result, output: ui.lines.join('\n'), out };
  }

  /** Files of the artifact's root partition, through a read-only mount; undefined where missing. */
  function readArtifact(image: string, paths: string[]): Record<string, string | undefined> {
    const mnt = join(dir, `check-${n}`);
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', image, mnt]);
    try {
      return Object.fromEntries(
        paths.map((p) => [p, existsSync(join(mnt, p)) ? readFileSync(join(mnt, p), 'utf8') : undefined]),
      );
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  function projectFile(path: string, text: string): string {
    const file = join(dir, 'project', path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  it("ansible: the host's ansible-playbook works in the image through the generated chroot inventory", async () => {
    const playbook = projectFile(
      'raw.yml',
      `- hosts: web
  gather_facts: false
  tasks:
    - raw: >-
        echo "{{ greeting }} {{ inventory_hostname }} in {{ group_names | join(',') }};
        mount {{ mount }}; probe {{ lookup('env', 'CF_PROBE') }};
        build {{ packer_build_name }} {{ packer_builder_type }}" > /etc/from-ansible
`,
    );
    const inventories = join(dir, 'inventories');
    mkdirSync(inventories);
    const { result, output, out } = await build(plain, [
      ansible({
        playbook_file: playbook,
        extra_arguments: ['-e', 'greeting=hello', '-e', 'mount={{.MountPath}}'],
        ansible_env_vars: ["CF_PROBE=it's {{.Device}}"],
        groups: ['web'],
        empty_groups: ['db'],
        host_alias: 'image',
        inventory_directory: inventories,
      }),
    ]);
    expect(result.error?.message, output).toBeUndefined();
    expect(output).toMatch(
      /Executing Ansible: ansible-playbook -e packer_build_name="test" -e packer_builder_type=chroot -e greeting=hello -e mount=\/var\/tmp\/cf-ansible-\w+\/mnt\/loop\d+ -i \S+\/inventories\/packer-provisioner-ansible\d+ \S+\/raw\.yml/,
    );
    expect(output).toMatch(/through its chroot connection \(no SSH proxy\)/);
    const text = readArtifact(out, ['etc/from-ansible'])['etc/from-ansible'];
    expect(text).toMatch(
      /^hello image in web; mount \/var\/tmp\/cf-ansible-\w+\/mnt\/loop\d+; probe it's \/dev\/loop\d+p1; build test chroot\n$/,
    );
    // The generated inventory is gone from inventory_directory.
    expect(readdirSync(inventories)).toEqual([]);
  });

  it('ansible: a module task in an image without Python fails the build and says why', async () => {
    const playbook = projectFile(
      'module.yml',
      '- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: { content: "x", dest: /etc/x }\n',
    );
    const { result, output } = await build(plain, [ansible({ playbook_file: playbook })]);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/^Error executing Ansible: Non-zero exit status: exit status 2/);
    expect(result.error?.message).toContain('the image has no Python');
    expect(result.error?.message).not.toContain('nothing here uses the chroot connection');
    expect(output).toMatch(/FAILED!|UNREACHABLE!|fatal:/);
  });

  it('ansible: an interrupted run stops within seconds and leaves no process, inventory or mount', async () => {
    const playbook = projectFile(
      'long.yml',
      '- hosts: all\n  gather_facts: false\n  tasks:\n    - raw: touch /ansible-started; sleep 600\n',
    );
    const inventories = join(dir, 'inventories-interrupted');
    mkdirSync(inventories);
    /** Command lines of this run's ansible-playbook (it names the inventory directory) and of its task's shell. */
    const runProcesses = (): string[] =>
      readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .map((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
          } catch {
            return '';
          }
        })
        .filter((cmd) => cmd.includes(inventories) || cmd.includes('touch /ansible-started'));
    const ac = new AbortController();
    const ui = recordingUi();
    const plan = fixturePlan(dir, plain, { output_image: join(dir, `out-${++n}.img`) }, [
      ansible({ playbook_file: playbook, inventory_directory: inventories }),
    ]);
    const running = runBuild(plan, {
      ui,
      stateDir: join(dir, 'state'),
      workRoot: dir,
      handleSignals: false,
      signal: ac.signal,
    });
    // The task's process is running in the image once its marker exists.
    const deadline = Date.now() + 60_000;
    let started = false;
    while (!started && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const mount = /Ansible reaches the image at (\S+) /.exec(ui.lines.join('\n'))?.[1];
      started = mount !== undefined && existsSync(join(mount, 'ansible-started'));
    }
    expect(started, ui.lines.join('\n')).toBe(true);
    // The scan below sees this run's processes while they run (so its empty result after the abort means something).
    expect(runProcesses().length).toBeGreaterThan(0);
    const t0 = Date.now();
    ac.abort();
    const result = await running;
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(result.ok).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(inventories)).toEqual([]);
    expect(runProcesses()).toEqual([]);
    expect(existsSync(plan.source.output_image)).toBe(false);
  });

  it("ansible-local: uploads the project as the plugin lays it out and runs the image's Ansible with its command line", async () => {
    const project = join(dir, 'project-local');
    const file = (path: string, text = `${path}\n`) => {
      mkdirSync(join(project, path, '..'), { recursive: true });
      writeFileSync(join(project, path), text);
      return join(project, path);
    };
    file('dir/site.yml');
    file('dir/templates/motd.j2');
    const inDir = file('dir/extra.yml');
    const outside = file('other/outside.yml');
    file('group_vars/all.yml');
    file('host_vars/127.0.0.1.yml');
    file('roles/common/tasks/main.yml');
    file('collections/ns/plugins/x.py');
    file('more-playbooks/pb/one.yml');
    const galaxy = file('requirements.yml', 'roles:\n  - name: x\ncollections:\n  - name: y\n');
    const { result, output, out } = await build(withStandIns, [
      ansibleLocal({
        playbook_dir: join(project, 'dir'),
        playbook_files: [inDir, outside],
        group_vars: join(project, 'group_vars'),
        host_vars: join(project, 'host_vars'),
        role_paths: [join(project, 'roles/common')],
        collection_paths: [join(project, 'collections')],
        playbook_paths: [join(project, 'more-playbooks/pb')],
        galaxy_file: galaxy,
        inventory_groups: ['web', 'db'],
        extra_arguments: ['-e', '"greeting=hello world"', '--tags', 'one'],
        staging_directory: '/tmp/stage dir',
      }),
      // HCL's build.Device arrives as {{.Device}}: rendered when the build has it.
      ansibleLocal({
        playbook_file: file('single.yml'),
        clean_staging_directory: true,
        extra_arguments: ['-e', 'dev={{.Device}}'],
      }),
    ]);
    expect(result.error?.message, output).toBeUndefined();
    const files = readArtifact(out, [
      'root/ansible-calls.log',
      'tmp/stage dir/site.yml',
      'tmp/stage dir/templates/motd.j2',
      'tmp/stage dir/extra.yml',
      `tmp/stage dir${outside}`,
      'tmp/stage dir/group_vars/all.yml',
      'tmp/stage dir/host_vars/127.0.0.1.yml',
      'tmp/stage dir/roles/common/tasks/main.yml',
      'tmp/stage dir/collections/collections/ns/plugins/x.py',
      'tmp/stage dir/playbooks/pb/one.yml',
      'tmp/stage dir/requirements.yml',
    ]);
    for (const [path, text] of Object.entries(files)) expect(text, path).toBeDefined();
    const calls = files['root/ansible-calls.log']!;
    const S = '/tmp/stage dir';
    const playbookCall = (playbook: string) => [
      `ansible-playbook in ${S}`,
      `  arg: ${playbook}`,
      '  arg: --extra-vars',
      '  arg: packer_build_name=test packer_builder_type=chroot packer_http_addr=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER -o IdentitiesOnly=yes',
      '  arg: -e',
      '  arg: greeting=hello world',
      '  arg: --tags',
      '  arg: one',
      '  arg: -c',
      '  arg: local',
      '  arg: -i',
      expect.stringMatching(/^ {2}arg: \/tmp\/stage dir\/packer-provisioner-ansible-local\d+$/),
      `  env: ANSIBLE_COLLECTIONS_PATH=:${S}/galaxy_collections:${S}/collections`,
      '  env: ANSIBLE_FORCE_COLOR=1',
      `  env: ANSIBLE_ROLES_PATH=:${S}/galaxy_roles`,
      '  env: PYTHONUNBUFFERED=1',
    ];
    const lines = calls.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      `ansible-galaxy in ${S}`,
      '  arg: install',
      '  arg: -r',
      `  arg: ${S}/requirements.yml`,
      '  arg: -p',
      `  arg: ${S}/galaxy_roles`,
      `ansible-galaxy in ${S}`,
      '  arg: collection',
      '  arg: install',
      '  arg: -r',
      `  arg: ${S}/requirements.yml`,
      '  arg: -p',
    ]);
    expect(lines.slice(13, 29)).toEqual(playbookCall(`${S}/extra.yml`));
    expect(lines.slice(29, 45)).toEqual(playbookCall(`${S}${outside}`));
    // The generated inventory: 127.0.0.1 in each group.
    const inventory = lines[24]!.replace('  arg: ', '');
    expect(readArtifact(out, [inventory.slice(1)])[inventory.slice(1)]).toBe('[web]\n127.0.0.1\n[db]\n127.0.0.1\n');
    // The second provisioner: its playbook run from the default staging directory, then that directory removed.
    expect(calls).toMatch(
      /ansible-playbook in \/tmp\/packer-provisioner-ansible-local\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n {2}arg: \/tmp\/packer-provisioner-ansible-local\/[^/]+\/single\.yml\n/,
    );
    expect(calls).toMatch(/ {2}arg: -e\n {2}arg: dev=\/dev\/loop\d+p1\n/);
    expect(output).toMatch(/Removing staging directory/);
    const mnt = join(dir, 'check-staging');
    mkdirSync(mnt);
    execFileSync('mount', ['-o', 'ro,offset=1048576', out, mnt]);
    try {
      expect(readdirSync(join(mnt, 'tmp/packer-provisioner-ansible-local'))).toEqual([]);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('ansible-local: an image without ansible-playbook fails the build with the fix', async () => {
    const { result } = await build(plain, [ansibleLocal({ playbook_file: projectFile('site.yml', '- hosts: all\n') })]);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(
      /^ansible-local: ansible-playbook could not be found in the image \(exit status 127\)\. ansible-local runs the image's own Ansible: install it there first/,
    );
  });
});
