/**
 * The command lines, environments and inventories the two Ansible
 * provisioners build from their fields, against the plugin's own
 * (hashicorp/packer-plugin-ansible provisioner.go: createCmdArgs,
 * createInventoryFile, executeGalaxy; ansible-local executeAnsiblePlaybook
 * and Provision's uploads). No root needed: pure functions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_STAGING_ROOT,
  galaxyCommandLines,
  inventoryContent,
  playbookCommandLine,
  programOf,
  stagingLayout,
  timeOrderedUuid,
} from '../../runner/provisioners/ansible-local.js';
import {
  ansibleEnvironment,
  displayedCommand,
  galaxyCommands,
  inventoryData,
  inventoryText,
  playbookCommand,
} from '../../runner/provisioners/ansible.js';
import { generatedData } from '../../runner/provisioners/generated-data.js';
import { missingProvisionerFiles } from '../../runner/provisioners/missing-files.js';
import { ansible, ansibleLocal } from '../fixtures/runner/ansible-plan.js';

const BUILD = { MountPath: '/mnt/chrootforge/loop3', Device: '/dev/loop3p1' };
const data = generatedData(BUILD);
const run = { buildName: 'base', builderType: 'chroot', inventory: '/tmp/packer-provisioner-ansible1', data };

describe('ansible: ansible-playbook arguments', () => {
  it("the plugin's order: packer_build_name, packer_builder_type, extra_arguments, then -i INVENTORY PLAYBOOK", () => {
    const p = ansible({
      playbook_file: '/work/site.yml',
      extra_arguments: ['--connection=chroot', '-e', 'ansible_host={{.MountPath}}', '-e dev={{ .Device }}', '-vv'],
    });
    expect(playbookCommand(p, run)).toEqual({
      file: 'ansible-playbook',
      args: [
        '-e',
        'packer_build_name="base"',
        '-e',
        'packer_builder_type=chroot',
        '--connection=chroot',
        '-e',
        'ansible_host=/mnt/chrootforge/loop3',
        '-e dev=/dev/loop3p1',
        '-vv',
        '-i',
        '/tmp/packer-provisioner-ansible1',
        '/work/site.yml',
      ],
      env: { ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_SCP_IF_SSH: 'True' },
    });
  });

  it('command is the program run (no shell): a path stays one argv[0]', () => {
    const p = ansible({ playbook_file: '/p.yml', command: '/opt/ansible venv/bin/ansible-playbook' });
    expect(playbookCommand(p, run).file).toBe('/opt/ansible venv/bin/ansible-playbook');
  });

  it('shell text in extra_arguments arrives verbatim: no shell sees it', () => {
    const p = ansible({ playbook_file: '/p.yml', extra_arguments: ['-e', 'x=$(touch /tmp/owned) `id` ; rm -rf /'] });
    expect(playbookCommand(p, run).args).toContain('x=$(touch /tmp/owned) `id` ; rm -rf /');
  });

  it('ansible_winrm_use_http adds -e ansible_winrm_scheme=http unless an argument sets the scheme', () => {
    const args = (extra: string[]) =>
      playbookCommand(ansible({ playbook_file: '/p.yml', ansible_winrm_use_http: true, extra_arguments: extra }), run)
        .args;
    expect(args([]).slice(4, 6)).toEqual(['-e', 'ansible_winrm_scheme=http']);
    expect(args(['-e', 'ansible_winrm_scheme=https'])).not.toContain('ansible_winrm_scheme=http');
  });

  it('a Go-template error in extra_arguments names the text', () => {
    const p = ansible({ playbook_file: '/p.yml', extra_arguments: ['{{ .Nope }}'] });
    expect(() => playbookCommand(p, run)).toThrow(/"\{\{ \.Nope \}\}"/);
  });
});

describe('ansible: environment', () => {
  it("ansible_env_vars rendered with the build data, then the plugin's two, which win", () => {
    const p = ansible({
      playbook_file: '/p.yml',
      ansible_env_vars: ['ANSIBLE_ROLES_PATH=/r', 'MNT={{ .MountPath }}', 'ANSIBLE_HOST_KEY_CHECKING=True', 'EQ=a=b'],
    });
    expect(ansibleEnvironment(p, data)).toEqual({
      ANSIBLE_ROLES_PATH: '/r',
      MNT: '/mnt/chrootforge/loop3',
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      EQ: 'a=b',
      ANSIBLE_SCP_IF_SSH: 'True',
    });
  });

  it('ssh_host_key_file drops ANSIBLE_HOST_KEY_CHECKING; use_sftp drops ANSIBLE_SCP_IF_SSH', () => {
    const p = ansible({ playbook_file: '/p.yml', ssh_host_key_file: '/k', use_sftp: true });
    expect(ansibleEnvironment(p, data)).toEqual({});
  });

  it('an entry that is not NAME=value is an error naming the field', () => {
    expect(() =>
      ansibleEnvironment(ansible({ playbook_file: '/p.yml', ansible_env_vars: ['JUSTNAME'] }), data),
    ).toThrow('ansible_env_vars entry "JUSTNAME" is not KEY=value');
  });
});

describe('ansible: the generated inventory', () => {
  it('by default the host line names the mount path with the chroot connection', () => {
    const p = ansible({ playbook_file: '/p.yml', user: 'builder' });
    expect(inventoryText(p, inventoryData(p, BUILD))).toBe(
      'default ansible_host=/mnt/chrootforge/loop3 ansible_user=builder ansible_connection=chroot\n',
    );
  });

  it('host_alias, then each group with the host line, then the empty groups', () => {
    const p = ansible({
      playbook_file: '/p.yml',
      user: 'root',
      host_alias: 'pi',
      groups: ['web', 'db'],
      empty_groups: ['spare'],
    });
    const host = 'pi ansible_host=/mnt/chrootforge/loop3 ansible_user=root ansible_connection=chroot\n';
    expect(inventoryText(p, inventoryData(p, BUILD))).toBe(`${host}[web]\n${host}[db]\n${host}[spare]\n`);
  });

  it('inventory_file_template with its data; a line without a newline still keeps groups on their own lines', () => {
    const p = ansible({
      playbook_file: '/p.yml',
      user: 'root',
      groups: ['g'],
      inventory_file_template:
        '{{ .HostAlias }} ansible_host={{ .Host }} ansible_port={{ .Port }} ansible_connection={{ .ConnType }} dev={{ .Device }} mnt={{ .MountPath }} id={{ .ID }}',
    });
    const host =
      'default ansible_host=/mnt/chrootforge/loop3 ansible_port=0 ansible_connection=chroot dev=/dev/loop3p1 mnt=/mnt/chrootforge/loop3 id=ERR_ID_NOT_IMPLEMENTED_BY_BUILDER\n';
    expect(inventoryText(p, inventoryData(p, BUILD))).toBe(`${host}[g]\n${host}`);
  });

  it("the user defaults to the one running the build, as the plugin's does", () => {
    expect(inventoryData(ansible({ playbook_file: '/p.yml' }), BUILD).User).toBe(userInfo().username);
  });
});

describe('ansible: galaxy', () => {
  const p = ansible({
    playbook_file: '/p.yml',
    galaxy_file: '/work/requirements.yml',
    roles_path: '/work/roles',
    collections_path: '/work/collections',
  });
  it('roles when the file lists roles (or neither), collections when it lists collections', () => {
    const argsOf = (text: string, q = p) => galaxyCommands(q, text, data).map((c) => [c.file, ...c.args].join(' '));
    const roles = 'ansible-galaxy install -r /work/requirements.yml -p /work/roles';
    const collections = 'ansible-galaxy collection install -r /work/requirements.yml -p /work/collections';
    expect(argsOf('roles:\n  - name: a\n')).toEqual([roles]);
    expect(argsOf('collections:\n  - name: a.b\n')).toEqual([collections]);
    expect(argsOf('roles: []\ncollections: []\n')).toEqual([roles, collections]);
    expect(argsOf('- src: a.role\n')).toEqual([roles]);
    const forced = ansible({ ...p, galaxy_force_install: true, galaxy_force_with_deps: true, roles_path: undefined });
    expect(argsOf('roles: []\n', forced)).toEqual([
      'ansible-galaxy install -r /work/requirements.yml -f --force-with-deps',
    ]);
  });

  it('galaxy runs with the same environment as the playbook', () => {
    expect(galaxyCommands(p, 'roles: []\n', data)[0]?.env).toEqual(ansibleEnvironment(p, data));
  });
});

describe('ansible: the printed command line', () => {
  it('stars out the values of password and secret assignments', () => {
    const p = ansible({
      playbook_file: '/p.yml',
      extra_arguments: ['-e', 'vault_password=hunter2', '--extra-vars=api_secret=s3cr3t', 'user=bob'],
    });
    const command = playbookCommand(p, run);
    const shown = displayedCommand(command);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('s3cr3t');
    expect(shown).toContain('-e vault_password=***** --extra-vars=api_secret=***** user=bob');
    expect(shown).toContain('user=bob');
  });
});

describe('ansible-local: staging layout and command lines', () => {
  const S = '/tmp/packer-provisioner-ansible-local/0123abcd-0000-1111-2222-333344445555';

  it("the default command line, as the plugin's executeAnsiblePlaybook writes it", () => {
    const p = ansibleLocal({ playbook_file: '/work/site.yml' });
    const layout = stagingLayout(p, S, 'packer-provisioner-ansible-local42');
    expect(layout.playbooks).toEqual([`${S}/site.yml`]);
    expect(layout.inventory).toBe(`${S}/packer-provisioner-ansible-local42`);
    expect(playbookCommandLine(p, layout, layout.playbooks[0]!, { buildName: 'base', builderType: 'chroot' })).toBe(
      `cd '${S}' && ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook '${S}/site.yml' --extra-vars 'packer_build_name=base packer_builder_type=chroot packer_http_addr=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER -o IdentitiesOnly=yes' -c local -i '${S}/packer-provisioner-ansible-local42'`,
    );
  });

  it('command and extra_arguments are shell text for the image, joined as the plugin joins them', () => {
    const p = ansibleLocal({
      playbook_file: '/work/site.yml',
      command: 'PATH=$PATH:/opt/bin ansible-playbook',
      extra_arguments: ['--extra-vars "a=1 b=2"', '-vvv'],
    });
    const layout = stagingLayout(p, '/stage', 'inv');
    expect(playbookCommandLine(p, layout, '/stage/site.yml', { buildName: 'b', builderType: 'chroot' })).toBe(
      "cd '/stage' && PATH=$PATH:/opt/bin ansible-playbook '/stage/site.yml' --extra-vars 'packer_build_name=b packer_builder_type=chroot packer_http_addr=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER -o IdentitiesOnly=yes' --extra-vars \"a=1 b=2\" -vvv -c local -i '/stage/inv'",
    );
  });

  it('galaxy roles and collections: installed into the staging directory, then on the playbook paths', () => {
    const p = ansibleLocal({
      playbook_file: '/w/site.yml',
      galaxy_file: '/w/requirements.yml',
      collection_paths: ['/w/my-collections'],
      galaxy_force_install: true,
    });
    const layout = stagingLayout(p, '/s', 'inv');
    const both = 'roles: []\ncollections: []\n';
    expect(galaxyCommandLines(p, layout, both)).toEqual([
      "cd '/s' && ansible-galaxy install -r '/s/requirements.yml' -p '/s/galaxy_roles' -f",
      "cd '/s' && ansible-galaxy collection install -r '/s/requirements.yml' -p '/s/galaxy_collections' -f",
    ]);
    expect(playbookCommandLine(p, layout, '/s/site.yml', { buildName: 'b', builderType: 'chroot' }, both)).toMatch(
      /^cd '\/s' && ANSIBLE_COLLECTIONS_PATH=\$ANSIBLE_COLLECTIONS_PATH:'\/s\/galaxy_collections':'\/s\/collections' ANSIBLE_ROLES_PATH=\$ANSIBLE_ROLES_PATH:'\/s\/galaxy_roles' ANSIBLE_FORCE_COLOR=1 /,
    );
    // galaxy_roles_path / galaxy_collections_path given: shell text, as written.
    const custom = ansibleLocal({ ...p, galaxy_roles_path: '~/roles', galaxy_collections_path: '$HOME/c' });
    expect(galaxyCommandLines(custom, layout, both)).toEqual([
      "cd '/s' && ansible-galaxy install -r '/s/requirements.yml' -p ~/roles -f",
      "cd '/s' && ansible-galaxy collection install -r '/s/requirements.yml' -p $HOME/c -f",
    ]);
  });

  it("uploads in the plugin's order and places", () => {
    const p = ansibleLocal({
      playbook_dir: '/w/project',
      playbook_files: ['/w/project/a.yml', '/w/elsewhere/b.yml'],
      inventory_file: '/w/hosts.ini',
      galaxy_file: '/w/requirements.yml',
      group_vars: '/w/gv',
      host_vars: '/w/hv',
      role_paths: ['/w/roles/common', '/w/roles/web/'],
      collection_paths: ['/w/col'],
      playbook_paths: ['/w/more'],
    });
    const layout = stagingLayout(p, '/s', 'unused');
    expect(layout.entries.map((e) => [e.kind, 'src' in e ? e.src : '', e.dst])).toEqual([
      ['tree', '/w/project', '/s'],
      ['file', '/w/elsewhere/b.yml', '/s/w/elsewhere/b.yml'],
      ['file', '/w/hosts.ini', '/s/hosts.ini'],
      ['file', '/w/requirements.yml', '/s/requirements.yml'],
      ['tree', '/w/gv', '/s/group_vars'],
      ['tree', '/w/hv', '/s/host_vars'],
      ['tree', '/w/roles/common', '/s/roles/common'],
      ['tree', '/w/roles/web/', '/s/roles/web'],
      ['tree', '/w/col', '/s/collections/col'],
      ['directory', '', '/s/playbooks'],
      ['tree', '/w/more', '/s/playbooks/more'],
    ]);
    // a.yml is inside playbook_dir: run from there, not uploaded again.
    expect(layout.playbooks).toEqual(['/s/a.yml', '/s/w/elsewhere/b.yml']);
    expect(layout.inventory).toBe('/s/hosts.ini');
  });

  it('the generated inventory: 127.0.0.1, or 127.0.0.1 in each group', () => {
    expect(inventoryContent(ansibleLocal({}))).toBe('127.0.0.1');
    expect(inventoryContent(ansibleLocal({ inventory_groups: ['a', 'b'] }))).toBe('[a]\n127.0.0.1\n[b]\n127.0.0.1\n');
  });

  it("the default staging directory: a time-ordered uuid below the plugin's root", () => {
    const id = timeOrderedUuid(new Date('2026-01-02T03:04:05Z'));
    expect(id).toMatch(/^695735a5-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(DEFAULT_STAGING_ROOT).toBe('/tmp/packer-provisioner-ansible-local');
  });

  it('the program a command runs, for the not-installed message', () => {
    expect(programOf('ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook')).toBe('ansible-playbook');
    expect(programOf('/opt/venv/bin/ansible-playbook -v')).toBe('/opt/venv/bin/ansible-playbook');
  });
});

describe('before the first provisioner runs: local inputs and the host program', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-ansible-inputs-'));
    writeFileSync(join(dir, 'site.yml'), '');
    mkdirSync(join(dir, 'roles'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ansible: the playbook, galaxy file and inventory must exist; ansible-playbook must be installed', () => {
    const problems = missingProvisionerFiles(
      [
        ansible({
          playbook_file: join(dir, 'nope.yml'),
          galaxy_file: join(dir, 'roles'),
          inventory_file: '/mnt/image,',
          command: 'no-such-ansible-playbook',
        }),
      ],
      dir,
    );
    expect(problems).toEqual([
      `ansible provisioner: playbook_file ${dir}/nope.yml does not exist`,
      `ansible provisioner: galaxy_file ${dir}/roles must point to a file`,
      'ansible provisioner: command no-such-ansible-playbook is not installed on this host: install Ansible (Debian: apt-get install ansible) or set command; skip_version_check = true leaves this check to when the provisioner runs',
    ]);
  });

  it('skip_version_check leaves the program to when the provisioner runs (installed during the build)', () => {
    const p = ansible({
      playbook_file: join(dir, 'site.yml'),
      command: 'no-such-ansible-playbook',
      skip_version_check: true,
    });
    expect(missingProvisionerFiles([p], dir)).toEqual([]);
  });

  it('ansible-local: playbooks are files, the project parts directories', () => {
    const p = ansibleLocal({
      playbook_files: [join(dir, 'site.yml'), join(dir, 'roles')],
      role_paths: [join(dir, 'site.yml')],
      group_vars: join(dir, 'group_vars'),
    });
    expect(missingProvisionerFiles([p], dir)).toEqual([
      `ansible-local provisioner: playbook_files ${dir}/roles must point to a file`,
      `ansible-local provisioner: group_vars ${dir}/group_vars does not exist`,
      `ansible-local provisioner: role_paths ${dir}/site.yml must point to a directory`,
    ]);
  });
});
