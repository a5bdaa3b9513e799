/**
 * What the runner is given for the ansible and ansible-local provisioners:
 * the plugin's defaults, local paths from the working directory (a host list
 * kept as written), HCL `build.X` kept as `{{.X}}` for the runner, legacy
 * JSON's comma-separated inventory_groups; and `use_proxy = true`, which
 * asks for the plugin's SSH proxy, refused before anything runs with its
 * position.
 */
import { describe, expect, it } from 'vitest';
import { planBuilds } from '../../template/plan.js';
import type { AnsibleLocalProvisioner, AnsibleProvisioner } from '../../template/plan-model.js';
import { analyzeFiles, errors } from '../support/analyze-text.js';

const SOURCE = 'source "chroot" "base" {\n  source_image = "base.img"\n}\n';
const EXISTING = ['base.img', 'site.yml', 'requirements.yml', 'inventory', 'roles', 'group_vars', 'project'];

async function plan(provisioner: string) {
  const text = `${SOURCE}build {\n  sources = ["source.chroot.base"]\n${provisioner}}\n`;
  const analysis = await analyzeFiles(
    { '/repo/t.pkr.hcl': text },
    { cwd: '/home/me', templateDir: '/repo', existing: EXISTING },
  );
  expect(errors(analysis)).toEqual([]);
  return planBuilds(analysis, { templateDir: '/repo', cwd: '/home/me' })[0]!.provisioners;
}

async function planError(provisioner: string): Promise<string> {
  try {
    await plan(provisioner);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('planned without an error');
}

describe('planBuilds: ansible', () => {
  it("the plugin's defaults", async () => {
    const [p] = await plan('  provisioner "ansible" {\n    playbook_file = "site.yml"\n  }\n');
    expect(p).toEqual({
      type: 'ansible',
      max_retries: 0,
      playbook_file: '/home/me/site.yml',
      command: 'ansible-playbook',
      extra_arguments: [],
      ansible_env_vars: [],
      groups: [],
      empty_groups: [],
      host_alias: 'default',
      keep_inventory_file: false,
      galaxy_command: 'ansible-galaxy',
      galaxy_force_install: false,
      galaxy_force_with_deps: false,
      ansible_winrm_use_http: false,
      use_sftp: false,
      skip_version_check: false,
      unused_proxy_fields: [],
    } satisfies AnsibleProvisioner);
  });

  it('the chroot recipe: build.MountPath kept as {{.MountPath}}; local paths from the working directory', async () => {
    const [p] = (await plan(`  provisioner "ansible" {
    playbook_file    = "site.yml"
    extra_arguments  = ["--connection=chroot", "-e", "ansible_host=\${build.MountPath}"]
    ansible_env_vars = ["ANSIBLE_CONFIG=./ansible.cfg"]
    galaxy_file      = "requirements.yml"
    roles_path       = "roles"
    inventory_file   = "inventory"
    groups           = ["pi"]
    user             = "root"
    keep_inventory_file = true
  }
`)) as [AnsibleProvisioner];
    expect(p.extra_arguments).toEqual(['--connection=chroot', '-e', 'ansible_host={{.MountPath}}']);
    expect(p.ansible_env_vars).toEqual(['ANSIBLE_CONFIG=./ansible.cfg']);
    expect([p.galaxy_file, p.roles_path, p.inventory_file]).toEqual([
      '/home/me/requirements.yml',
      '/home/me/roles',
      '/home/me/inventory',
    ]);
    expect([p.groups, p.user, p.keep_inventory_file]).toEqual([['pi'], 'root', true]);
  });

  it('a host list as inventory_file is passed as written', async () => {
    const [p] = (await plan(
      '  provisioner "ansible" {\n    playbook_file = "site.yml"\n    inventory_file = "/mnt/image,"\n  }\n',
    )) as [AnsibleProvisioner];
    expect(p.inventory_file).toBe('/mnt/image,');
  });

  it('use_proxy = true is refused with its position; false and unset run', async () => {
    const message = await planError(
      '  provisioner "ansible" {\n    playbook_file = "site.yml"\n    use_proxy     = true\n  }\n',
    );
    expect(message).toBe(
      'provisioner "ansible": use_proxy = true (/repo/t.pkr.hcl:8:5) asks for the plugin\'s SSH proxy, which chrootforge does not have: ' +
        'Ansible reaches the image through its chroot connection instead (the generated inventory names the mount path with ansible_connection=chroot). ' +
        'Remove use_proxy or set it to false.',
    );
    await expect(
      plan('  provisioner "ansible" {\n    playbook_file = "site.yml"\n    use_proxy = false\n  }\n'),
    ).resolves.toHaveLength(1);
  });

  it("the proxy's own settings are passed on as unused, for the build to say so", async () => {
    const [p] = (await plan(`  provisioner "ansible" {
    playbook_file          = "site.yml"
    local_port             = 2222
    ansible_proxy_key_type = "RSA"
    use_sftp               = true
  }
`)) as [AnsibleProvisioner];
    expect(p.unused_proxy_fields).toEqual(['local_port', 'ansible_proxy_key_type']);
    expect(p.use_sftp).toBe(true);
  });
});

describe('planBuilds: ansible-local', () => {
  it("the plugin's defaults; directories and files from the working directory", async () => {
    const [p] = await plan(`  provisioner "ansible-local" {
    playbook_file   = "site.yml"
    playbook_dir    = "project"
    group_vars      = "group_vars"
    role_paths      = ["roles"]
    extra_arguments = ["--extra-vars \\"a=b\\""]
  }
`);
    expect(p).toEqual({
      type: 'ansible-local',
      max_retries: 0,
      playbook_file: '/home/me/site.yml',
      playbook_dir: '/home/me/project',
      group_vars: '/home/me/group_vars',
      playbook_paths: [],
      role_paths: ['/home/me/roles'],
      collection_paths: [],
      command: 'ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook',
      extra_arguments: ['--extra-vars "a=b"'],
      clean_staging_directory: false,
      inventory_groups: [],
      galaxy_command: 'ansible-galaxy',
      galaxy_force_install: false,
    } satisfies AnsibleLocalProvisioner);
  });

  it('legacy JSON: inventory_groups as one comma-separated string', async () => {
    const text = JSON.stringify({
      builders: [{ type: 'chroot', source_image: 'base.img' }],
      provisioners: [
        { type: 'ansible-local', playbook_file: 'site.yml', inventory_groups: 'web,db', staging_directory: '/stage' },
      ],
    });
    const analysis = await analyzeFiles(
      { '/repo/t.json': text },
      { cwd: '/home/me', templateDir: '/repo', existing: EXISTING },
    );
    expect(errors(analysis)).toEqual([]);
    const [p] = planBuilds(analysis, { templateDir: '/repo', cwd: '/home/me' })[0]!.provisioners as [
      AnsibleLocalProvisioner,
    ];
    expect(p.inventory_groups).toEqual(['web', 'db']);
    expect(p.staging_directory).toBe('/stage');
  });
});
