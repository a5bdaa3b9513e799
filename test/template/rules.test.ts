/**
 * Each configuration rule: a failing template with the exact range it must
 * mark, and a passing one. Ranges are stated as the source text they cover.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const hcl = (source: string, build = 'build {\n  sources = ["source.chroot.base"]\n}\n') => `${source}\n${build}`;

const chroot = (fields: string) => hcl(`source "chroot" "base" {\n  source_image = "base.img"\n${fields}\n}`);

async function codes(text: string, path = 't.pkr.hcl') {
  const analysis = await analyzeFiles({ [path]: text }, { existing: ['base.img'] });
  return analysis;
}

describe('chroot_mounts', () => {
  it('marks an entry that is not a triple', async () => {
    const text = chroot('  chroot_mounts = [\n    ["proc", "proc", "/proc"],\n    ["sysfs", "/sys"],\n  ]');
    const [d] = withCode(await codes(text), 'invalid-value');
    expect(d?.range).toEqual(rangeOf(text, '["sysfs", "/sys"]'));
    expect(d?.message).toContain('chroot_mounts');
  });
  it('marks a relative mountpoint', async () => {
    const text = chroot('  chroot_mounts = [["proc", "proc", "proc"]]');
    const [d] = withCode(await codes(text), 'invalid-value');
    expect(d?.range).toEqual(rangeOf(text, '"proc"', 2));
  });
  it('warns on a duplicate mountpoint at the second one', async () => {
    const text = chroot('  chroot_mounts = [\n    ["proc", "proc", "/proc"],\n    ["bind", "/proc", "/proc/"],\n  ]');
    const [d] = withCode(await codes(text), 'chroot-mount-duplicate');
    expect(d?.severity).toBe('warning');
    expect(d?.range).toEqual(rangeOf(text, '"/proc/"'));
  });
  it("accepts Packer's five defaults", async () => {
    const text = chroot(`  chroot_mounts = [
    ["proc", "proc", "/proc"],
    ["sysfs", "sysfs", "/sys"],
    ["bind", "/dev", "/dev"],
    ["devpts", "devpts", "/dev/pts"],
    ["binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"],
  ]`);
    expect(errors(await codes(text))).toEqual([]);
  });
  it('marks the element in a legacy JSON template too', async () => {
    const text = '{"builders": [{"type": "chroot", "source_image": "base.img", "chroot_mounts": [["proc", "proc"]]}]}';
    const [d] = withCode(await codes(text, 't.json'), 'invalid-value');
    expect(d?.range).toEqual(rangeOf(text, '["proc", "proc"]'));
  });
});

describe('copy_files', () => {
  it('marks a relative path', async () => {
    const text = chroot('  copy_files = ["/etc/hosts", "etc/resolv.conf"]');
    const [d] = withCode(await codes(text), 'invalid-value');
    expect(d?.range).toEqual(rangeOf(text, '"etc/resolv.conf"'));
  });
  it('accepts absolute paths and an empty list', async () => {
    expect(errors(await codes(chroot('  copy_files = ["/etc/hosts"]')))).toEqual([]);
    expect(errors(await codes(chroot('  copy_files = []')))).toEqual([]);
  });
});

describe('command_wrapper', () => {
  it('warns when {{.Command}} is missing, with a fix', async () => {
    const text = chroot('  command_wrapper = "sudo"');
    const [d] = withCode(await codes(text), 'command-wrapper-without-command');
    expect(d?.severity).toBe('warning');
    expect(d?.range).toEqual(rangeOf(text, '"sudo"'));
    expect(d?.data?.suggestions).toEqual(['sudo {{.Command}}']);
  });
  it('accepts a wrapper with {{.Command}}', async () => {
    expect(
      withCode(await codes(chroot('  command_wrapper = "sudo {{.Command}}"')), 'command-wrapper-without-command'),
    ).toEqual([]);
  });
});

describe('from_scratch', () => {
  const scratch = (fields: string) => hcl(`source "chroot" "base" {\n  from_scratch = true\n${fields}\n}`);
  it('requires image_size and pre_mount_commands, marking the header', async () => {
    const text = scratch('');
    const [d] = withCode(await codes(text), 'missing-field');
    expect(d?.message).toMatch(/image_size and pre_mount_commands/);
    expect(d?.range.start).toEqual({ line: 0, character: 0 });
  });
  it('rejects source_image with from_scratch', async () => {
    const text = scratch('  source_image = "base.img"\n  image_size = "1G"\n  pre_mount_commands = ["true"]');
    const [d] = withCode(await codes(text), 'conflicting-fields');
    expect(d?.range).toEqual(rangeOf(text, 'source_image'));
  });
  it('warns on a source_image whose kind is unknown', async () => {
    const text = hcl('source "chroot" "base" {\n  source_image = "disk.vmdk"\n}');
    const [d] = withCode(await codes(text), 'unknown-source-kind');
    expect(d?.severity).toBe('warning');
    expect(d?.range).toEqual(rangeOf(text, '"disk.vmdk"'));
  });
  it('accepts a complete from_scratch source', async () => {
    const text = scratch('  image_size = "1G"\n  pre_mount_commands = ["sfdisk {{.Device}} < layout"]');
    expect(errors(await codes(text))).toEqual([]);
  });
  it('requires source_image without from_scratch, marking the header', async () => {
    const text = hcl('source "chroot" "base" {\n  image_size = "1G"\n}');
    const [d] = withCode(await codes(text), 'missing-field').filter((x) => x.message.includes('source_image'));
    expect(d?.range.start).toEqual(rangeOf(text, 'source').start);
  });
});

describe('chroot source values', () => {
  it('marks a malformed image_size', async () => {
    const text = chroot('  image_size = "2 gigs"');
    expect(withCode(await codes(text), 'invalid-value')[0]?.range).toEqual(rangeOf(text, '"2 gigs"'));
  });
  it('asks a tarball source for image_size', async () => {
    const text = hcl('source "chroot" "base" {\n  source_image = "rootfs.tar.zst"\n}');
    const [d] = withCode(await codes(text), 'missing-field');
    expect(d?.message).toMatch(/tarball/);
    expect(d?.range.start).toEqual({ line: 0, character: 0 });
  });
  it('marks a bad partition_mounts entry', async () => {
    const text = chroot('  partition_mounts = [["1", "boot"], ["x", "/boot/efi"]]');
    const analysis = await codes(text);
    expect(withCode(analysis, 'invalid-value').map((d) => d.range)).toEqual([
      rangeOf(text, '"boot"'),
      rangeOf(text, '"x"'),
    ]);
  });
});

describe('builds', () => {
  it('marks a source reference that names no source, with a suggestion', async () => {
    const text = hcl(
      'source "chroot" "base" {\n  source_image = "base.img"\n}',
      'build {\n  sources = ["source.chroot.bsae"]\n}\n',
    );
    const [d] = withCode(await codes(text), 'undefined-source');
    expect(d?.range).toEqual(rangeOf(text, '"source.chroot.bsae"'));
    expect(d?.data?.suggestions).toEqual(['source.chroot.base']);
  });
  it('reports a source declared twice at the second', async () => {
    const text =
      'source "chroot" "a" {\n  source_image = "base.img"\n}\nsource "chroot" "a" {\n  source_image = "base.img"\n}\nbuild {\n  sources = ["source.chroot.a"]\n}\n';
    const [d] = withCode(await codes(text), 'duplicate-source');
    expect(d?.range).toEqual(rangeOf(text, '"a"', 1));
  });
  it('marks an unknown top-level block with a suggestion', async () => {
    const text = 'sorce "chroot" "a" {\n}\n';
    const [d] = withCode(await codes(text), 'unknown-block');
    expect(d?.range).toEqual(rangeOf(text, 'sorce'));
    expect(d?.data?.suggestions).toContain('source');
  });
});

describe('provisioners', () => {
  const withProvisioner = (body: string) =>
    hcl(
      'source "chroot" "base" {\n  source_image = "base.img"\n}',
      `build {\n  sources = ["source.chroot.base"]\n  provisioner "shell" {\n${body}\n  }\n}\n`,
    );
  it('shell needs one of inline, script, scripts', async () => {
    const text = withProvisioner('    environment_vars = ["A=1"]');
    const [d] = withCode(await codes(text), 'missing-field');
    expect(d?.range.start).toEqual(rangeOf(text, 'provisioner').start);
  });
  it('shell rejects inline with script, marking inline', async () => {
    const text = withProvisioner('    inline = ["true"]\n    script = "x.sh"');
    expect(withCode(await codes(text), 'conflicting-fields')[0]?.range).toEqual(rangeOf(text, 'inline'));
  });
  it('marks an environment_vars entry without "="', async () => {
    const text = withProvisioner('    inline = ["true"]\n    environment_vars = ["A=1", "BROKEN"]');
    expect(withCode(await codes(text), 'invalid-value')[0]?.range).toEqual(rangeOf(text, '"BROKEN"'));
  });
});

describe('amazon-chroot and azure-chroot Prepare rules (Packer messages)', () => {
  it('amazon-chroot from_scratch lists what Packer requires', async () => {
    const text = '{"builders":[{"type":"amazon-chroot","ami_name":"my-ami","from_scratch":true}]}';
    const messages = withCode(await codes(text, 'a.json'), 'from-scratch-requires').map((d) => d.message);
    expect(messages).toEqual([
      'root_volume_size is required with from_scratch.',
      'pre_mount_commands is required with from_scratch.',
      'ami_virtualization_type is required with from_scratch.',
      'root_device_name is required with from_scratch.',
      'ami_block_device_mappings is required with from_scratch.',
    ]);
  });
  it('amazon-chroot needs source_ami or source_ami_filter', async () => {
    const text = '{"builders":[{"type":"amazon-chroot","ami_name":"my-ami"}]}';
    expect(withCode(await codes(text, 'a.json'), 'missing-field').map((d) => d.message)).toContain(
      'source_ami or source_ami_filter is required.',
    );
  });
  it('amazon-chroot root_device_name needs ami_block_device_mappings, marked at the field', async () => {
    const text =
      '{"builders":[{"type":"amazon-chroot","ami_name":"my-ami","source_ami":"ami-1","root_device_name":"/dev/sda1"}]}';
    const [d] = withCode(await codes(text, 'a.json'), 'amazon-block-devices');
    expect(d?.range).toEqual(rangeOf(text, '"root_device_name"'));
  });
  it('azure-chroot rejects a bad source, marking the value', async () => {
    const text =
      '{"builders":[{"type":"azure-chroot","source":"bogus","image_resource_id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i"}]}';
    const [d] = withCode(await codes(text, 'z.json'), 'invalid-value');
    expect(d?.message).toBe('"source": "bogus" is not a valid platform image specifier, nor is it a disk resource ID');
    expect(d?.range).toEqual(rangeOf(text, '"bogus"'));
  });
  it('azure-chroot accepts a platform image and an image id', async () => {
    const text =
      '{"builders":[{"type":"azure-chroot","source":"Canonical:UbuntuServer:18.04-LTS:latest","image_resource_id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i"}]}';
    expect(errors(await codes(text, 'z.json'))).toEqual([]);
  });
});

describe('template data per block', () => {
  it("a post-processor inside a build gets its own fields' data, not the build's", async () => {
    const text = hcl(
      'source "chroot" "base" {\n  source_image = "base.img"\n}',
      'build {\n  sources = ["source.chroot.base"]\n  post-processor "checksum" {\n    output = "x/{{.BuildName}}.{{.ChecksumType}}"\n  }\n}\n',
    );
    expect(withCode(await codes(text), 'unknown-template-data')).toEqual([]);
  });
});
