/**
 * The `arm` builder (mkaczanowski/packer-builder-arm): its schema and Prepare rules, with the plugin's
 * messages at the text they concern, and no error on what the plugin accepts (HCL and legacy JSON alike).
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const BUILD = 'build {\n  sources = ["source.arm.pi"]\n  provisioner "shell" {\n    inline = ["true"]\n  }\n}\n';

/** A complete, valid `arm` source, with `replace` applied to its text (to remove or change one field). */
function arm(extra = '', replace: Array<[string, string]> = []): string {
  let text = `source "arm" "pi" {
  file_urls               = ["https://example.com/raspios.img.xz"]
  file_checksum_type      = "sha256"
  file_checksum           = "${'a'.repeat(64)}"
  file_target_extension   = "xz"
  image_build_method      = "reuse"
  image_path              = "raspios.img"
  image_size              = "4G"
  image_type              = "dos"
  qemu_binary_source_path = "/usr/bin/qemu-arm-static"
  image_partitions {
    name         = "boot"
    type         = "c"
    start_sector = "8192"
    filesystem   = "vfat"
    size         = "256M"
    mountpoint   = "/boot"
  }
  image_partitions {
    name         = "root"
    type         = "83"
    start_sector = 532480
    filesystem   = "ext4"
    size         = "0"
    mountpoint   = "/"
  }
${extra}}
${BUILD}`;
  for (const [from, to] of replace) {
    if (!text.includes(from)) throw new Error(`"${from}" not in the template`);
    text = text.replace(from, to);
  }
  return text;
}

const analyze = (text: string, path = 't.pkr.hcl') => analyzeFiles({ [path]: text });

describe('arm: what the plugin accepts', () => {
  it('a complete HCL source has no error and no warning', async () => {
    const analysis = await analyze(arm());
    expect(analysis.diagnostics).toEqual([]);
  });

  it('legacy JSON with weakly typed numbers, lists of objects for the blocks, and the chroot mounts', async () => {
    const text = JSON.stringify({
      builders: [
        {
          type: 'arm',
          file_urls: ['http://os.archlinuxarm.org/os/ArchLinuxARM-rpi-armv7-latest.tar.gz'],
          file_checksum_url: 'http://os.archlinuxarm.org/os/ArchLinuxARM-rpi-armv7-latest.tar.gz.md5',
          file_checksum_type: 'MD5',
          file_target_extension: 'tar.gz',
          image_build_method: 'new',
          image_path: 'rpi.img',
          image_size_bytes: '2147483648',
          image_type: 'gpt',
          image_partitions: [
            {
              name: 'boot',
              type: 'ef00',
              start_sector: '2048',
              filesystem: 'vfat',
              size: '+256M',
              mountpoint: '/boot',
            },
            { name: 'root', type: '8300', filesystem: 'ext4', size: '0', mountpoint: '/' },
          ],
          additional_chroot_mounts: [
            { mount_type: 'bind', source_path: '/run/systemd', destination_path: '/run/systemd' },
          ],
          image_setup_extra: [['/bin/sh', '-c', 'echo $MOUNTPOINT']],
          image_chroot_env: ['PATH=/usr/bin:/bin'],
          qemu_binary_source_path: '/usr/bin/qemu-arm-static',
        },
      ],
    });
    expect((await analyze(text, 't.json')).diagnostics).toEqual([]);
  });

  it('local file_urls that are missing are a warning; URLs and go-getter sources are not checked', async () => {
    const text = arm('', [
      ['["https://example.com/raspios.img.xz"]', '["s3::https://bucket.example.com/a.img.xz", "images/a.img.xz"]'],
    ]);
    const missing = withCode(await analyze(text), 'missing-file');
    expect(missing.map((d) => d.range)).toEqual([rangeOf(text, '"images/a.img.xz"')]);
    expect(missing[0]?.severity).toBe('warning');
  });

  it('takes "" for a field as Go does: the field left out (image_type = "" is dos)', async () => {
    expect(errors(await analyze(arm('', [['image_type              = "dos"', 'image_type = ""']])))).toEqual([]);
  });

  it('counts dynamic image_partitions blocks as partitions, without guessing their contents', async () => {
    const text = arm(
      '  dynamic "image_partitions" {\n    for_each = ["root"]\n    content {\n      name = "root"\n    }\n  }\n',
    ).replace(/ {2}image_partitions \{[\s\S]*?\n {2}\}\n/g, '');
    expect(text).toContain('dynamic "image_partitions"');
    expect(text).not.toMatch(/^ {2}image_partitions \{/m);
    const analysis = await analyze(text);
    expect(withCode(analysis, 'missing-field')).toEqual([]);
    expect(withCode(analysis, 'build-will-fail')).toEqual([]);
  });
});

describe('arm: Prepare errors, in the plugin words', () => {
  it('file_urls missing', async () => {
    const text = arm('', [['  file_urls               = ["https://example.com/raspios.img.xz"]\n', '']]);
    const [d] = withCode(await analyze(text), 'missing-field');
    expect(d?.message).toBe('one of file_url or file_urls must be specified');
    expect(d?.range).toEqual(rangeOf(text, 'source "arm" "pi" {'));
  });

  it('no checksum at all', async () => {
    const text = arm('', [[`  file_checksum           = "${'a'.repeat(64)}"\n`, '']]);
    expect(withCode(await analyze(text), 'missing-field').map((d) => d.message)).toEqual([
      'a checksum must be specified',
    ]);
  });

  it('image_size and image_size_bytes together, at the second', async () => {
    const text = arm('  image_size_bytes = 1024\n');
    const [d] = withCode(await analyze(text), 'conflicting-fields');
    expect(d?.message).toBe('only one of image_size or image_size_bytes can be specified');
    expect(d?.range).toEqual(rangeOf(text, 'image_size_bytes'));
  });

  it('neither image_size nor image_size_bytes', async () => {
    const text = arm('', [['  image_size              = "4G"\n', '']]);
    expect(withCode(await analyze(text), 'missing-field').map((d) => d.message)).toEqual([
      'one of image_size_bytes or image_size must be set',
    ]);
  });

  it("an image_size go-humanize cannot read, with go-humanize's message", async () => {
    const text = arm('', [['"4G"', '"4 gigs"']]);
    const [d] = withCode(await analyze(text), 'invalid-size');
    expect(d?.message).toContain('unhandled size name: gigs');
    expect(d?.range).toEqual(rangeOf(text, '"4 gigs"'));
  });

  it('a size of zero bytes counts as none', async () => {
    const text = arm('', [['"4G"', '"0.5"']]);
    expect(withCode(await analyze(text), 'missing-field').map((d) => d.message)).toEqual([
      'one of image_size_bytes or image_size must be set',
    ]);
  });

  it('image_build_method missing, or not new/reuse/resize', async () => {
    const missing = arm('', [['  image_build_method      = "reuse"\n', '']]);
    expect(withCode(await analyze(missing), 'missing-field').map((d) => d.message)).toEqual([
      'image build method must be specified',
    ]);
    const wrong = arm('', [['"reuse"', '"copy"']]);
    const [d] = withCode(await analyze(wrong), 'invalid-value');
    expect(d?.message).toContain('"new", "reuse", "resize"');
    expect(d?.range).toEqual(rangeOf(wrong, '"copy"'));
  });

  it('image_type other than dos or gpt', async () => {
    const text = arm('', [['"dos"', '"mbr"']]);
    expect(withCode(await analyze(text), 'invalid-value')[0]?.range).toEqual(rangeOf(text, '"mbr"'));
  });

  it('no partition', async () => {
    const text = arm().replace(/ {2}image_partitions \{[\s\S]*?\n {2}\}\n/g, '');
    expect(withCode(await analyze(text), 'missing-field').map((d) => d.message)).toEqual([
      'you need to specify at least one partition',
    ]);
  });

  it('an unknown partition field, and image_partitions written as an argument in HCL', async () => {
    const text = arm('', [['    mountpoint   = "/boot"', '    mountpoint   = "/boot"\n    label        = "x"']]);
    const [d] = withCode(await analyze(text), 'unknown-field');
    expect(d?.range).toEqual(rangeOf(text, 'label'));
    const asArgument = arm('  image_chroot_mounts = [{ mount_type = "proc" }]\n');
    expect(withCode(await analyze(asArgument), 'expected-block')).toHaveLength(1);
  });

  it('a checksum type of "file" without file_checksum_url', async () => {
    const text = arm('', [['"sha256"', '"file"']]);
    const [d] = withCode(await analyze(text), 'invalid-checksum');
    expect(d?.message).toContain("couldn't extract checksum from checksum file");
  });
});

describe('arm: warnings', () => {
  it("file_checksum_type none: Packer's warning, and no checksum needed", async () => {
    const text = arm('', [
      ['"sha256"', '"none"'],
      [`  file_checksum           = "${'a'.repeat(64)}"\n`, ''],
    ]);
    const analysis = await analyze(text);
    expect(errors(analysis)).toEqual([]);
    expect(withCode(analysis, 'unverified-download')[0]?.message).toBe(
      "a checksum type of 'none' was specified. Specifying checksum is highly recommended",
    );
  });

  it('file_checksum without a type is dropped by the plugin', async () => {
    const text = arm('', [['  file_checksum_type      = "sha256"\n', '']]);
    const [d] = withCode(await analyze(text), 'unverified-download');
    expect(d?.severity).toBe('warning');
    expect(d?.range).toEqual(rangeOf(text, 'file_checksum'));
  });

  it('both file_checksum and file_checksum_url: the URL wins, whatever Packer says', async () => {
    const text = arm('  file_checksum_url = "https://example.com/SHA256SUMS"\n');
    const [d] = withCode(await analyze(text), 'unused-field');
    expect(d?.message).toContain('ignores file_checksum');
  });

  it('a checksum the download can never match', async () => {
    const short = arm('', [[`"${'a'.repeat(64)}"`, '"abcd"']]);
    expect(withCode(await analyze(short), 'build-will-fail')[0]?.message).toContain('64 hex digits, this one 4');
    const notHex = arm('', [[`"${'a'.repeat(64)}"`, '"xyz0"']]);
    expect(withCode(await analyze(notHex), 'build-will-fail')[0]?.message).toContain(
      "encoding/hex: invalid byte: U+0078 'x'",
    );
    const sha3 = arm('', [['"sha256"', '"sha3"']]);
    expect(withCode(await analyze(sha3), 'build-will-fail')[0]?.message).toContain('unsupported checksum type: sha3');
  });

  it('no partition mounted at "/" while provisioners run in the chroot', async () => {
    const text = arm('', [['    mountpoint   = "/"\n', '']]);
    const analysis = await analyze(text);
    expect(errors(analysis)).toEqual([]);
    const [d] = withCode(analysis, 'build-will-fail');
    expect(d?.message).toContain('mountpoint "/"');
    expect(d?.range).toEqual(rangeOf(text, 'image_partitions'));
    // Without provisioners nothing runs in the chroot: the image is only copied (or laid out) and written.
    const quiet = text.replace(/ {2}provisioner "shell" \{[\s\S]*?\n {2}\}\n/, '');
    expect(withCode(await analyze(quiet), 'build-will-fail')).toEqual([]);
    // "." and "//" name the mount path itself, as "/" does.
    expect(
      withCode(await analyze(arm('', [['mountpoint   = "/"\n', 'mountpoint   = "."\n']])), 'build-will-fail'),
    ).toEqual([]);
  });

  it('a partition size no partitioning tool reads as a number', async () => {
    const text = arm('', [['size         = "256M"', 'size         = "quarter"']]);
    const [d] = withCode(await analyze(text), 'build-will-fail');
    expect(d?.range).toEqual(rangeOf(text, '"quarter"'));
    expect(withCode(await analyze(arm('', [['"256M"', '"+3.9M"']])), 'build-will-fail')).toEqual([]);
  });

  it('resize needs exactly one ext partition of size "0"', async () => {
    expect(withCode(await analyze(arm('', [['"reuse"', '"resize"']])), 'build-will-fail')).toEqual([]);
    const none = arm('', [
      ['"reuse"', '"resize"'],
      ['size         = "0"', 'size         = "3G"'],
    ]);
    expect(withCode(await analyze(none), 'build-will-fail')[0]?.message).toContain(
      "couldn't find any partition to expand",
    );
    const two = arm('', [
      ['"reuse"', '"resize"'],
      ['filesystem   = "vfat"\n    size         = "256M"', 'filesystem   = "ext2"\n    size         = "0"'],
    ]);
    expect(withCode(await analyze(two), 'build-will-fail')[0]?.message).toContain(
      'found 2 resizable partitions ([1 2]), but we can expand only one',
    );
  });

  it('image_path unset', async () => {
    const text = arm('', [['  image_path              = "raspios.img"\n', '']]);
    const messages = withCode(await analyze(text), 'build-will-fail').map((d) => d.message);
    expect(messages).toEqual([expect.stringContaining('image_path is not set')]);
  });

  it("no warning without qemu_binary_source_path: the plugin's Docker image sets DONT_SETUP_QEMU", async () => {
    const text = arm('', [['  qemu_binary_source_path = "/usr/bin/qemu-arm-static"\n', '']]);
    expect((await analyze(text)).diagnostics).toEqual([]);
  });
});

describe('arm: what a schema cannot hold is not guessed', () => {
  it('values not known until build time give no rule diagnostics', async () => {
    const text = `variable "size" {\n  type = string\n}\n${arm('', [['"4G"', 'var.size']])}`;
    const analysis = await analyzeFiles({ 't.pkr.hcl': text }, { env: {} });
    expect(withCode(analysis, 'invalid-size')).toEqual([]);
    expect(withCode(analysis, 'missing-field').filter((d) => d.message.includes('image_size'))).toEqual([]);
  });
});
