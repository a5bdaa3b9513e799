import { describe, expect, it } from 'vitest';
import { validateBody } from '../../template/schema/validate-body.js';
import { hclBlock, jsonBody, rangeOf, staticEvaluate } from './bodies.js';

const ref = { kind: 'source', type: 'chroot' } as const;

async function hclDiagnostics(text: string) {
  const block = await hclBlock(text);
  return validateBody(block.body, ref, {
    file: 'test.pkr.hcl',
    syntax: 'hcl',
    evaluate: staticEvaluate,
    headerRange: block.headerRange,
  });
}

function jsonDiagnostics(text: string) {
  const { body, header } = jsonBody(text);
  return validateBody(body, ref, { file: 'test.json', syntax: 'json', evaluate: staticEvaluate, headerRange: header });
}

describe('validateBody: source "chroot"', () => {
  it('accepts a complete valid HCL source', async () => {
    const text = `source "chroot" "pi" {
  source_image     = "raspios.img.xz"
  source_checksum  = "none"
  image_size       = "4G"
  mount_partition  = "2"
  partition_mounts = [["1", "/boot/firmware"]]
  mount_path       = "/mnt/x/{{.Device}}"
  mount_options    = ["noatime"]
  pre_mount_commands  = ["echo {{.Device}}"]
  post_mount_commands = ["echo {{.MountPath}}"]
  chroot_mounts    = [["proc", "proc", "/proc"]]
  copy_files       = ["/etc/resolv.conf"]
  command_wrapper  = "sudo {{.Command}}"
  chroot_env       = { LANG = "C" }
  qemu_binary      = "qemu-aarch64-static"
  output_image     = "out/pi.img"
  output_format    = "qcow2"
}`;
    expect(await hclDiagnostics(text)).toEqual([]);
  });

  it('marks an unknown key with a did-you-mean (HCL)', async () => {
    const text = `source "chroot" "x" {\n  source_image = "a.img"\n  mount_partiton = "1"\n}`;
    const diagnostics = await hclDiagnostics(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'unknown-field',
      severity: 'error',
      range: rangeOf(text, 'mount_partiton'),
      data: { suggestions: ['mount_partition'] },
    });
    expect(diagnostics[0]!.message).toContain('Did you mean "mount_partition"?');
  });

  it('marks a wrong type on the value (JSON)', () => {
    const text = `{"type": "chroot", "source_image": "a.img", "from_scratch": [1]}`;
    const diagnostics = jsonDiagnostics(text);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid-type', range: rangeOf(text, '[1]') })]);
  });

  it('marks a bad enum value with a suggestion', async () => {
    const text = `source "chroot" "x" {\n  source_image = "a.img"\n  output_format = "qcow"\n}`;
    const [d, ...rest] = await hclDiagnostics(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'invalid-value',
      range: rangeOf(text, '"qcow"'),
      data: { suggestions: ['qcow2'] },
    });
  });

  it('marks a missing required field on the block header', async () => {
    const text = `source "chroot" "x" {\n  mount_partition = "1"\n}`;
    const diagnostics = await hclDiagnostics(text);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'missing-field', range: rangeOf(text, 'source "chroot" "x" {') }),
    ]);
  });

  it('marks the bad element of a list, not the list', () => {
    const text = `{"type": "chroot", "source_image": "a.img", "copy_files": ["/etc/hosts", "relative/path"]}`;
    const diagnostics = jsonDiagnostics(text);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-value', range: rangeOf(text, '"relative/path"') }),
    ]);
    expect(diagnostics[0]!.message).toContain('Element 2 of "copy_files"');
  });

  it('accepts a JSON number for mount_partition, as Packer does', () => {
    expect(jsonDiagnostics(`{"type": "chroot", "source_image": "a.img", "mount_partition": 2}`)).toEqual([]);
  });

  it('does not report UNKNOWN values as wrong or missing', async () => {
    const text = `source "chroot" "x" {\n  source_image = var.image\n  output_format = "\${var.fmt}"\n}`;
    expect(await hclDiagnostics(text)).toEqual([]);
  });

  it('rejects source_image with from_scratch, on the source_image key', async () => {
    const text = `source "chroot" "x" {\n  from_scratch = true\n  source_image = "a.img"\n  image_size = "1G"\n  pre_mount_commands = ["sfdisk {{.Device}}"]\n}`;
    const diagnostics = await hclDiagnostics(text);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'conflicting-fields', range: rangeOf(text, 'source_image') }),
    ]);
  });

  it('requires image_size and pre_mount_commands with from_scratch', async () => {
    const text = `source "chroot" "x" {\n  from_scratch = true\n}`;
    const diagnostics = await hclDiagnostics(text);
    // One diagnostic per rule: its message names both fields.
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'missing-field', range: rangeOf(text, 'source "chroot" "x" {') }),
    ]);
    expect(diagnostics[0]!.message).toMatch(/image_size.*pre_mount_commands/);
  });

  it('leaves a command_wrapper without {{.Command}} to the rule that warns (a warning, not an error)', async () => {
    const text = `source "chroot" "x" {\n  source_image = "a.img"\n  command_wrapper = "sudo"\n}`;
    expect(await hclDiagnostics(text)).toEqual([]);
  });
});

describe('validateBody: source "chroot" sizes and tarballs', () => {
  const ref = { kind: 'source', type: 'chroot' } as const;
  const check = (text: string) => {
    const { body, header } = jsonBody(text);
    return validateBody(body, ref, { file: 't.json', syntax: 'json', evaluate: staticEvaluate, headerRange: header });
  };

  it('accepts sizes in bytes and with suffixes, rejects others on the value', () => {
    for (const size of ['"2G"', '"1.5G"', '"512M"', '1073741824', '"1073741824"']) {
      expect(check(`{"type": "chroot", "source_image": "a.img", "image_size": ${size}}`), size).toEqual([]);
    }
    const text = `{"type": "chroot", "source_image": "a.img", "image_size": "2 gigabytes"}`;
    expect(check(text)).toEqual([
      expect.objectContaining({ code: 'invalid-value', range: rangeOf(text, '"2 gigabytes"') }),
    ]);
  });

  it('needs image_size for a tarball source', () => {
    const text = `{"type": "chroot", "source_image": "rootfs.tar.zst"}`;
    expect(check(text)).toEqual([
      expect.objectContaining({
        code: 'missing-field',
        range: rangeOf(text, '"chroot"'),
        data: { field: 'image_size' },
      }),
    ]);
    expect(check(`{"type": "chroot", "source_image": "rootfs.tar.zst", "image_size": "2G"}`)).toEqual([]);
  });
});
