/**
 * The `arm-image` builder (solo-io/packer-plugin-arm-image): its schema and Prepare rules (its own and the
 * SDK's ISOConfig), with their messages at the text they concern, and no error on what the plugin accepts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const SHA256 = 'b'.repeat(64);

function armImage(fields: string): string {
  return `source "arm-image" "pi" {\n${fields}\n}\nbuild {\n  sources = ["source.arm-image.pi"]\n}\n`;
}

const RASPIOS = `  iso_url      = "https://downloads.raspberrypi.org/raspios_lite_armhf/images/raspios.zip"
  iso_checksum = "sha256:${SHA256}"`;

const analyze = (text: string, path = 't.pkr.hcl') => analyzeFiles({ [path]: text });

describe('arm-image: what the plugin accepts', () => {
  it('a source with a URL the image type is guessed from has no diagnostic', async () => {
    expect((await analyze(armImage(RASPIOS))).diagnostics).toEqual([]);
  });

  it('every field, with the checksum forms ISOConfig reads', async () => {
    for (const checksum of [
      SHA256,
      `SHA256:${SHA256}`,
      `md5:${'c'.repeat(32)}`,
      'file:https://example.com/SHA256SUMS',
    ]) {
      const text =
        armImage(`  iso_urls                  = ["https://example.com/a.img.xz", "https://mirror.example.com/a.img.xz"]
  iso_checksum              = "${checksum}"
  iso_target_path           = "cache/a.img.xz"
  iso_target_extension      = "xz"
  output_filename           = "output/pi.img"
  image_type                = "raspberrypi"
  image_arch                = "arm64"
  image_mounts              = ["/boot/firmware", "/"]
  mount_path                = "/mnt/pi"
  chroot_mounts             = [["proc", "proc", "/proc"], ["bind", "/dev", "/dev"]]
  additional_chroot_mounts  = [["bind", "/run/systemd", "/run/systemd"]]
  resolv-conf               = "bind-host"
  target_image_size         = 4294967296
  qemu_binary               = "qemu-aarch64-static"
  disable_embedded          = false
  qemu_args                 = ["-cpu", "cortex-a72"]
  qemu_required             = true`);
      expect((await analyze(text)).diagnostics, checksum).toEqual([]);
    }
  });

  it('legacy JSON with strings for numbers, and the packer_ fields Packer sets', async () => {
    const text = JSON.stringify({
      builders: [
        {
          type: 'arm-image',
          iso_url:
            'http://cdimage.ubuntu.com/releases/20.04/release/ubuntu-20.04-preinstalled-server-arm64+raspi.img.xz',
          iso_checksum: `sha256:${SHA256}`,
          target_image_size: '3221225472',
          image_arch: 'arm64',
          packer_build_name: 'pi',
        },
      ],
    });
    expect((await analyze(text, 't.json')).diagnostics).toEqual([]);
  });
});

describe('arm-image: Prepare errors', () => {
  it('iso_url and iso_urls together, and neither', async () => {
    const both = armImage(`${RASPIOS}\n  iso_urls = ["https://example.com/b.img"]`);
    const [d] = withCode(await analyze(both), 'conflicting-fields');
    expect(d?.message).toBe('Only one of iso_url or iso_urls must be specified');
    expect(d?.range).toEqual(rangeOf(both, 'iso_urls'));
    const neither = armImage(`  iso_checksum = "none"\n  image_type = "raspberrypi"`);
    expect(withCode(await analyze(neither), 'missing-field').map((x) => x.message)).toEqual([
      'One of iso_url or iso_urls must be specified',
    ]);
  });

  it('no checksum', async () => {
    const text = armImage('  iso_url = "https://example.com/raspios.img"');
    expect(withCode(await analyze(text), 'missing-field').map((x) => x.message)).toEqual([
      'A checksum must be specified',
    ]);
  });

  it("checksums go-getter cannot read, in its words and Packer's %q", async () => {
    const cases: Array<[string, string]> = [
      ['sha3:abcd', 'unsupported checksum type: sha3 in "sha3:abcd"'],
      ['sha256:xyz', `invalid checksum: encoding/hex: invalid byte: U+0078 'x' in "sha256:xyz"`],
      ['abcd', 'Unknown type for checksum abcd in "abcd"'],
      ['https://example.com/raspios.iso', 'Error parsing checksum: .iso is not a valid checksum ending.'],
    ];
    for (const [checksum, message] of cases) {
      const text = armImage(`  iso_url      = "https://example.com/raspios.img"\n  iso_checksum = "${checksum}"`);
      const [d] = withCode(await analyze(text), 'invalid-checksum');
      expect(d?.message, checksum).toContain(message);
      expect(d?.range).toEqual(rangeOf(text, `"${checksum}"`));
    }
  });

  it('image_type and image_arch outside their sets', async () => {
    const text = armImage(`${RASPIOS}\n  image_type = "raspios"\n  image_arch = "aarch64"`);
    const values = withCode(await analyze(text), 'invalid-value');
    expect(values.map((d) => d.range)).toEqual([rangeOf(text, '"raspios"'), rangeOf(text, '"aarch64"')]);
    expect(values[0]?.message).toContain('"raspberrypi", "beaglebone", "kali", "ubuntu", "armbian"');
    // Prepare's follow-up "no image mounts provided" would only repeat the image_type error.
    expect(withCode(await analyze(text), 'missing-field')).toEqual([]);
  });

  it('no image_mounts and no image type, none to guess from the URL', async () => {
    const text = armImage(`  iso_url      = "https://example.com/debian-arm64.img"\n  iso_checksum = "none"`);
    const [d] = withCode(await analyze(text), 'missing-field');
    expect(d?.message).toContain('no image mounts provided. Please set the image mounts or image type.');
    expect(errors(await analyze(text.replace('iso_checksum', 'image_mounts = ["/"]\n  iso_checksum')))).toEqual([]);
  });

  it('iso_checksum_type and iso_checksum_url are removed: HCL and JSON each in their own words', async () => {
    const hcl = armImage(`${RASPIOS}\n  iso_checksum_type = "sha256"`);
    const [h] = withCode(await analyze(hcl), 'removed-field');
    expect(h?.message).toMatch(/^An argument named "iso_checksum_type" is not expected here/);
    expect(h?.range).toEqual(rangeOf(hcl, 'iso_checksum_type'));
    const json = JSON.stringify({
      builders: [{ type: 'arm-image', iso_url: 'https://e/raspios.img', iso_checksum_url: 'https://e/SUMS' }],
    });
    const [j] = withCode(await analyze(json, 't.json'), 'removed-field');
    expect(j?.message).toMatch(/^Deprecated configuration key: 'iso_checksum_url'\./);
    expect(j?.message).toContain('iso_checksum = "file:URL"');
  });
});

describe('arm-image: warnings', () => {
  it("iso_checksum none: Packer's warning", async () => {
    const text = armImage('  iso_url = "https://example.com/raspios.img"\n  iso_checksum = "none"');
    const [d] = withCode(await analyze(text), 'unverified-download');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain("A checksum of 'none' was specified.");
  });

  it('deprecated output_directory and last_partition_extra_size', async () => {
    const text = armImage(`${RASPIOS}\n  output_directory = "out"\n  last_partition_extra_size = 1073741824`);
    expect(withCode(await analyze(text), 'deprecated-field').map((d) => d.range)).toEqual([
      rangeOf(text, 'output_directory'),
      rangeOf(text, 'last_partition_extra_size'),
    ]);
  });

  it('a resolv-conf the plugin does not know acts as off', async () => {
    const text = armImage(`${RASPIOS}\n  resolv-conf = "copyhost"`);
    const [d] = withCode(await analyze(text), 'unrecognized-value');
    expect(d?.severity).toBe('warning');
    expect(d?.data?.suggestions).toEqual(['copy-host']);
    expect(errors(await analyze(text))).toEqual([]);
  });

  it('a chroot mount entry of fewer than three elements', async () => {
    const text = armImage(`${RASPIOS}\n  additional_chroot_mounts = [["bind", "/run/systemd"]]`);
    const [d] = withCode(await analyze(text), 'build-will-fail');
    expect(d?.range).toEqual(rangeOf(text, '["bind", "/run/systemd"]'));
  });

  it('command_wrapper: without {{.Command}} drops the command; with it, the plugin renders it too early', async () => {
    const without = armImage(`${RASPIOS}\n  command_wrapper = "sudo"`);
    expect(withCode(await analyze(without), 'command-wrapper-without-command')).toHaveLength(1);
    const withCommand = armImage(`${RASPIOS}\n  command_wrapper = "sudo {{.Command}}"`);
    const analysis = await analyze(withCommand);
    expect(errors(analysis)).toEqual([]);
    expect(withCode(analysis, 'build-will-fail')[0]?.message).toContain('"<no value>"');
  });

  it('a TYPE:HEX checksum of the wrong length passes Prepare but never matches', async () => {
    const text = armImage('  iso_url = "https://example.com/raspios.img"\n  iso_checksum = "sha256:abcd"');
    const analysis = await analyze(text);
    expect(errors(analysis)).toEqual([]);
    expect(withCode(analysis, 'build-will-fail')[0]?.message).toContain('64 hex digits, this one 4');
  });
});
