/**
 * `{{ }}` in an HCL2 template. Plugins render their fields with Packer's
 * Go-template engine in HCL2 too (config.Decode), so `{{timestamp}}`,
 * `{{isotime}}`, `{{uuid}}`, `{{build_name}}`… are valid in plugin fields;
 * what Packer does not give HCL2 builds (user variables, the template path,
 * the environment) fails there. Packer's own blocks keep `{{ }}` as text:
 * a variable default is checked only where a field renders it. Hints and
 * quick fixes only ever propose valid HCL.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATE_FUNCTIONS } from '../../template/interpolation/functions.js';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const BUILD = 'build {\n  sources = ["source.chroot.x"]\n}\n';

describe('legacy functions in HCL2 plugin fields', () => {
  it('work where the plugin renders the field (HashiCorp’s own amazon-chroot examples)', async () => {
    const text = `source "amazon-chroot" "x" {
  source_ami = "ami-123"
  ami_name   = "packer-{{timestamp}}-{{isotime \\"2006-01-02\\"}}-{{uuid}}-{{ clean_resource_name \\"a b\\" }}"
  ami_description = "{{build_name}} {{build_type}} {{ upper \\"x\\" }} {{ split \\"a-b\\" \\"-\\" 1 }}"
}
build {
  sources = ["source.amazon-chroot.x"]
  provisioner "shell" {
    inline = ["echo {{timestamp}} {{ build \`MountPath\` }} {{packer_version}}"]
  }
}`;
    expect(errors(await analyzeFiles({ 't.pkr.hcl': text }))).toEqual([]);
  });

  it('fail where Packer gives HCL2 builds nothing to read, with a valid HCL hint and no quick fix', async () => {
    const text = `source "chroot" "x" {
  source_image = "https://example.invalid/{{ user \`image\` }}.img"
  mount_path   = "{{template_dir}}/{{ .Device }}"
  pre_mount_commands = ["echo {{ env \`HOME\` }}"]
}
${BUILD}`;
    const found = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'legacy-function-in-hcl');
    expect(found.map((d) => d.range)).toEqual([
      rangeOf(text, 'user'),
      rangeOf(text, 'template_dir'),
      rangeOf(text, 'env'),
    ]);
    expect(found[0]!.message).toContain('Use var.NAME in a ${ } interpolation instead');
    expect(found[1]!.message).toContain('Use path.root');
    for (const d of found) expect(d.data?.suggestions).toBeUndefined();
  });

  it('is still checked for data: the field’s own, nothing else', async () => {
    const text = `source "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n  mount_path = "/mnt/{{ .Devise }}"\n}\n${BUILD}`;
    const [d] = errors(await analyzeFiles({ 't.pkr.hcl': text }));
    expect(d).toMatchObject({ code: 'unknown-template-data', range: rangeOf(text, '.Devise') });
  });

  it('gives one diagnostic for a field that does not exist, not one more for its template', async () => {
    const text = `source "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n  mount_pth = "/mnt/{{ .Devise }}"\n}\n${BUILD}`;
    expect(errors(await analyzeFiles({ 't.pkr.hcl': text })).map((d) => d.code)).toEqual(['unknown-field']);
  });
});

describe("Packer's own blocks keep {{ }} as text", () => {
  it('in a variable default (checked only by the field that renders it) and in build names', async () => {
    const text = `variable "boot_command" {
  default = ["<tab> inst.ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter>"]
}
variable "name" {
  default = "{{ nothing here }}"
}
source "chroot" "x" {
  source_image = "https://example.invalid/x.img"
}
build {
  name        = "{{timestamp}}"
  description = "{{ .Anything }}"
  sources     = ["source.chroot.x"]
}`;
    expect(errors(await analyzeFiles({ 't.pkr.hcl': text }))).toEqual([]);
  });
});

describe('template text that comes from a variable', () => {
  it('is checked where a field renders it, with that field’s data, at the reference', async () => {
    const text = `variable "mount" {
  default = "/mnt/{{ .Devise }}"
}
variable "commands" {
  default = ["echo {{ .Device }}", "echo {{ .MountPath }}"]
}
locals {
  wrapper = "sudo {{ .Command }}"
}
source "chroot" "x" {
  source_image       = "https://example.invalid/x.img"
  mount_path         = var.mount
  pre_mount_commands = var.commands
  command_wrapper    = local.wrapper
}
source "qemu" "vm" {
  boot_command = [var.mount]
}
build {
  sources = ["source.chroot.x", "source.qemu.vm"]
  provisioner "shell" {
    inline = ["ls \${build.MountPath}"]
  }
}`;
    const found = errors(await analyzeFiles({ 't.pkr.hcl': text }));
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['unknown-template-data', rangeOf(text, 'var.mount')],
      ['template-data-not-allowed', rangeOf(text, 'var.commands')],
    ]);
    expect(found[0]!.message).toMatch(
      /^In the value this reference gives "mount_path": Unknown template data ".Devise"/,
    );
  });
});

describe('builder-defined functions (azure-chroot vm, clean_resource_name)', () => {
  it('are defined only in the fields the plugin renders after adding them, as Packer says', async () => {
    const text = `source "azure-chroot" "x" {
  source            = "credativ:Debian:9:latest"
  image_resource_id = "/subscriptions/{{ vm \`subscription_id\` }}/resourceGroups/rg/providers/Microsoft.Compute/images/x"
  mount_path        = "/mnt/{{ vm \`name\` }}/{{ .Device }}"
}
build {
  sources = ["source.azure-chroot.x"]
}`;
    const found = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'function-not-available');
    expect(found.map((d) => [d.severity, d.range])).toEqual([['error', rangeOf(text, 'vm')]]);
    expect(found[0]!.message).toContain('"image_resource_id"');
    expect(found[0]!.message).toContain('"mount_path"');
    expect(found[0]!.message).not.toContain('vm(');
  });
});

describe('every HCL equivalent a message proposes is valid HCL', () => {
  const PLACEHOLDERS: Record<string, string> = {
    'var.NAME': 'var.name',
    'build.NAME': 'build.MountPath',
    FORMAT: '"YYYY"',
    SEP: '"-"',
    STRING: '"a-b"',
    INDEX: '0',
    SOURCE: '"abc"',
    OLD: '"a"',
    NEW: '"b"',
    NAME: '"n"',
    KEY: '"k"',
    PATH: '"p"',
  };
  for (const fn of TEMPLATE_FUNCTIONS.values()) {
    if (!fn.hclEquivalent) continue;
    it(`{{${fn.name}}} → ${fn.hclEquivalent}`, async () => {
      let expr = fn.hclEquivalent!.split(' (')[0]!;
      for (const [placeholder, value] of Object.entries(PLACEHOLDERS)) expr = expr.replaceAll(placeholder, value);
      const text = `variable "name" {\n  default = "x"\n}\nsource "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n}\nbuild {\n  sources = ["source.chroot.x"]\n  provisioner "shell" {\n    inline = ["echo \${${expr}}"]\n  }\n}\n`;
      const analysis = await analyzeFiles({ 't.pkr.hcl': text });
      expect(errors(analysis).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    });
  }
});
