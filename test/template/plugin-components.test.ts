/**
 * Plugin components chrootforge has no schema for: a warning that they are
 * not checked, never an error; where `required_plugins` exists and names no
 * plugin providing the type, the warning says so. Packer's built-in
 * components need no entry. Their expressions are still evaluated.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const REQUIRED = `packer {
  required_plugins {
    amazon = { version = ">= 1.2.0", source = "github.com/hashicorp/amazon" }
    happycloud = { version = ">= 1.0.0", source = "github.com/michalfita/cross" }
  }
}
`;

const template = (body: string, packer = REQUIRED) => `${packer}
source "chroot" "x" {
  source_image = "https://example.invalid/x.img"
}
${body}`;

describe('components without a schema', () => {
  it('are warnings, with the type marked, never errors', async () => {
    const text = template(`source "qemu" "vm" {
  iso_url      = "http://example.invalid/x.iso"
  boot_command = ["<tab> text ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter>"]
}
data "amazon-ami" "base" {
  owners = ["self"]
}
build {
  sources = ["source.chroot.x", "source.qemu.vm"]
  provisioner "goss" {
    tests = ["goss.yaml"]
  }
  post-processor "docker-push" {
  }
}`);
    const analysis = await analyzeFiles({ 't.pkr.hcl': text });
    expect(errors(analysis)).toEqual([]);
    const warnings = analysis.diagnostics.filter((d) => d.code.startsWith('unknown-') && d.code.endsWith('-type'));
    expect(warnings.map((d) => [d.code, d.severity, d.range])).toEqual([
      ['unknown-builder-type', 'warning', rangeOf(text, '"qemu"')],
      ['unknown-data-source-type', 'warning', rangeOf(text, '"amazon-ami"')],
      ['unknown-provisioner-type', 'warning', rangeOf(text, '"goss"')],
      ['unknown-post-processor-type', 'warning', rangeOf(text, '"docker-push"')],
    ]);
    expect(warnings[0]!.message).toMatch(
      /^chrootforge has no schema for the builder "qemu": its settings are not checked\./,
    );
  });

  it('say when no required plugin provides the type (the plugin is the type or its prefix)', async () => {
    const text = template(`source "qemu" "vm" {
}
source "amazon-ebs" "ami" {
}
source "happycloud" "c" {
}
build {
  sources = ["source.chroot.x", "source.qemu.vm", "source.amazon-ebs.ami", "source.happycloud.c"]
}`);
    const warnings = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'unknown-builder-type');
    const note = 'No plugin in required_plugins provides it';
    expect(warnings.map((d) => d.message.includes(note))).toEqual([true, false, false]);
    expect(warnings[0]!.message).toContain('a plugin named "qemu"');
  });

  it('need no required_plugins entry when Packer ships them', async () => {
    const text = template(`data "http" "x" {
  url = "https://example.invalid"
}
build {
  sources = ["source.chroot.x"]
  provisioner "breakpoint" {
  }
  provisioner "windows-restart" {
  }
  post-processor "shell-local" {
    inline = ["echo done"]
  }
  post-processors {
    post-processor "artifice" {
      files = ["x"]
    }
    post-processor "compress" {
    }
  }
}`);
    const analysis = await analyzeFiles({ 't.pkr.hcl': text });
    expect(errors(analysis)).toEqual([]);
    for (const d of analysis.diagnostics) expect(d.message).not.toContain('required_plugins');
  });

  it('say nothing about plugins where the configuration declares none (legacy JSON included)', async () => {
    const hcl = template('source "qemu" "vm" {\n}\nbuild {\n  sources = ["source.qemu.vm"]\n}', '');
    const [warning] = withCode(await analyzeFiles({ 't.pkr.hcl': hcl }), 'unknown-builder-type');
    expect(warning!.message).not.toContain('required_plugins');
    const json = JSON.stringify({ builders: [{ type: 'qemu', iso_url: 'x' }], provisioners: [{ type: 'goss' }] });
    const analysis = await analyzeFiles({ 't.json': json });
    expect(errors(analysis)).toEqual([]);
    expect(analysis.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['unknown-builder-type', 'warning'],
      ['unknown-provisioner-type', 'warning'],
    ]);
  });

  it('keep a did-you-mean for a type close to a known one', async () => {
    const text = template('build {\n  sources = ["source.chroot.x"]\n  provisioner "shel" {\n  }\n}');
    const [warning] = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'unknown-provisioner-type');
    expect(warning!.message).toContain('Did you mean "shell"?');
  });

  it('still have their expressions evaluated: an undeclared variable is an error there too', async () => {
    const text = template(`source "qemu" "vm" {
  iso_url = var.iso
  dynamic "disk" {
    for_each = ["a", "b"]
    content {
      name = disk.value
    }
  }
}
build {
  sources = ["source.qemu.vm"]
}`);
    const found = errors(await analyzeFiles({ 't.pkr.hcl': text }));
    const reference = rangeOf(text, 'var.iso');
    const name = { start: { ...reference.start, character: reference.start.character + 4 }, end: reference.end };
    expect(found.map((d) => [d.code, d.range])).toEqual([['undefined-variable', name]]);
  });
});
