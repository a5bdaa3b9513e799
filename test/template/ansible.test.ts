/**
 * The `ansible` and `ansible-local` provisioners (hashicorp/packer-plugin-ansible): full schemas with the
 * Prepare checks a schema can say, in the plugin's words, and the Go-template data each field renders with.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const SOURCE = `source "arm-image" "pi" {
  iso_url      = "https://downloads.raspberrypi.org/raspios_lite_armhf/images/raspios.zip"
  iso_checksum = "none"
}
`;

function provisioner(type: string, fields: string): string {
  return `${SOURCE}build {\n  sources = ["source.arm-image.pi"]\n  provisioner "${type}" {\n${fields}\n  }\n}\n`;
}

const EXISTING = ['site.yml', 'requirements.yml', 'roles', 'group_vars'];
const analyze = (text: string, path = 't.pkr.hcl', vars: Array<[string, string]> = []) =>
  analyzeFiles({ [path]: text }, { existing: EXISTING, vars });
/** Diagnostics other than the source's own "checksum none" warning. */
const own = async (text: string) => (await analyze(text)).diagnostics.filter((d) => d.code !== 'unverified-download');

describe('ansible', () => {
  it('the chroot connection as the plugin documents it: no diagnostic', async () => {
    const text = provisioner(
      'ansible',
      `    playbook_file    = "site.yml"
    galaxy_file      = "requirements.yml"
    roles_path       = "./ansible/roles"
    collections_path = "./ansible/collections"
    ansible_env_vars = ["ANSIBLE_FORCE_COLOR=1", "WINRM_PASSWORD={{ .WinRMPassword }}"]
    extra_arguments  = ["--connection=chroot", "--become-user=root", "-e ansible_host=\${build.MountPath}"]
    inventory_file_template = "{{ .HostAlias }} ansible_host={{ .MountPath }} ansible_connection=chroot\\n"
    ansible_proxy_key_type  = "rsa"
    use_proxy        = false
    local_port       = 2222
    user             = "root"`,
    );
    expect(await own(text)).toEqual([]);
  });

  it("playbook_file is required: Packer's message at the block header", async () => {
    const text = provisioner('ansible', '    extra_arguments = ["--connection=chroot"]');
    const [d] = withCode(await analyze(text), 'missing-field');
    expect(d?.message).toBe('playbook_file must be specified.');
    expect(d?.range).toEqual(rangeOf(text, 'provisioner "ansible" {'));
    // An empty playbook_file is the same as none to the plugin.
    expect(withCode(await analyze(provisioner('ansible', '    playbook_file = ""')), 'missing-field')).toHaveLength(1);
  });

  it('local_port above 65535 and an unknown proxy key type', async () => {
    const text = provisioner(
      'ansible',
      '    playbook_file = "site.yml"\n    local_port = 70000\n    ansible_proxy_key_type = "DSA"',
    );
    const values = withCode(await analyze(text), 'invalid-value');
    expect(values.map((d) => d.range)).toEqual([rangeOf(text, '70000'), rangeOf(text, '"DSA"')]);
    expect(values[0]?.message).toContain('must be a valid port');
    expect(values[1]?.message).toContain('Supported values are ECDSA or RSA.');
  });

  it('inventory_file_template offers the inventory data; extra_arguments only what Prepare leaves for later', async () => {
    const text = provisioner(
      'ansible',
      '    playbook_file = "site.yml"\n    inventory_file_template = "{{ .HostAlais }}"\n    extra_arguments = ["{{ .HostAlias }}"]',
    );
    const analysis = await analyze(text);
    const [typo] = withCode(analysis, 'unknown-template-data');
    expect(typo?.data?.suggestions).toEqual(['.HostAlias']);
    const [elsewhere] = withCode(analysis, 'template-data-not-allowed');
    expect(elsewhere?.message).toContain('inventory_file_template');
  });

  it('galaxycommand was renamed: JSON gets the SDK deprecation, with the new name', async () => {
    const text = JSON.stringify({
      builders: [{ type: 'null' }],
      provisioners: [{ type: 'ansible', playbook_file: 'site.yml', galaxycommand: 'ansible-galaxy' }],
    });
    const [d] = withCode(await analyze(text, 't.json'), 'removed-field');
    expect(d?.message).toBe(
      'Deprecated configuration key: \'galaxycommand\'. It was removed from provisioner "ansible": use galaxy_command instead.',
    );
  });

  it('a missing playbook is a warning now and an error at build time', async () => {
    const text = provisioner('ansible', '    playbook_file = "missing.yml"');
    const [d] = withCode(await analyze(text), 'missing-file');
    expect(d?.severity).toBe('warning');
    expect(errors(await analyze(text))).toEqual([]);
  });
});

describe('ansible-local', () => {
  it('a playbook with its project directories: no diagnostic', async () => {
    const text = provisioner(
      'ansible-local',
      `    playbook_file   = "site.yml"
    role_paths      = ["roles"]
    group_vars      = "group_vars"
    galaxy_file     = "requirements.yml"
    extra_arguments = ["--extra-vars \\"ansible_python_interpreter=/usr/bin/python3\\""]
    clean_staging_directory = true`,
    );
    expect(await own(text)).toEqual([]);
  });

  it("playbook_file or playbook_files, exactly one: Packer's messages", async () => {
    const none = provisioner('ansible-local', '    extra_arguments = ["-v"]');
    expect(withCode(await analyze(none), 'missing-field').map((d) => d.message)).toEqual([
      'Either playbook_file or playbook_files must be specified',
    ]);
    const emptyList = provisioner('ansible-local', '    playbook_files = []');
    expect(withCode(await analyze(emptyList), 'missing-field')).toHaveLength(1);
    const both = provisioner('ansible-local', '    playbook_file = "site.yml"\n    playbook_files = ["site.yml"]');
    const [d] = withCode(await analyze(both), 'conflicting-fields');
    expect(d?.message).toBe('Either playbook_file or playbook_files can be specified, not both');
    expect(d?.range).toEqual(rangeOf(both, 'playbook_files'));
  });

  it('ansible-specific fields of the other provisioner are unknown here', async () => {
    const text = provisioner('ansible-local', '    playbook_file = "site.yml"\n    ansible_env_vars = ["A=1"]');
    expect(withCode(await analyze(text), 'unknown-field')[0]?.range).toEqual(rangeOf(text, 'ansible_env_vars'));
  });
});

describe('legacy JSON {{user}} in provisioner fields', () => {
  // pwnagotchi's ansible-local `command` does this with variables its Makefile passes with -var.
  const text = JSON.stringify({
    builders: [{ type: 'chroot', source_image: 'https://e/raspios.img' }],
    provisioners: [{ type: 'shell', inline: ['echo {{user `pwn_version`}}'] }],
  });

  it('sees variables given with --var even when "variables" does not declare them (Packer core does)', async () => {
    const analysis = await analyze(text, 't.json', [['pwn_version', 'master']]);
    expect(withCode(analysis, 'undefined-user-variable')).toEqual([]);
  });

  it('and in a var file', async () => {
    const analysis = await analyzeFiles({ 't.json': text }, { varFiles: { 'vars.json': '{"pwn_version": "master"}' } });
    expect(withCode(analysis, 'undefined-user-variable')).toEqual([]);
  });

  it('still reports a name neither declared nor given', async () => {
    expect(withCode(await analyze(text, 't.json'), 'undefined-user-variable')).toHaveLength(1);
  });
});
