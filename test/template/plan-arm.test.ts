/**
 * What the runner is given for arm and arm-image sources: the plugins'
 * Prepare defaults and run-time choices made explicit (checksum forms,
 * chroot mounts in the plugin's order, image type guesses, qemu_args as
 * qemu-user's environment, the artifact's format), and clear errors for
 * what no build can use.
 */
import { describe, expect, it } from 'vitest';
import type { ArmImageSource, ArmSource } from '../../template/plan-model.js';
import { planBuilds } from '../../template/plan.js';
import { analyzeFiles, errors } from '../support/analyze-text.js';

async function plan<S>(files: Record<string, string>): Promise<S> {
  const analysis = await analyzeFiles(files, { cwd: '/home/me', templateDir: '/repo' });
  expect(errors(analysis)).toEqual([]);
  const [built] = planBuilds(analysis, { templateDir: '/repo', cwd: '/home/me' });
  return built!.source as S;
}

async function planError(files: Record<string, string>): Promise<string> {
  const analysis = await analyzeFiles(files, { cwd: '/home/me', templateDir: '/repo' });
  try {
    planBuilds(analysis, { templateDir: '/repo', cwd: '/home/me' });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('planned');
}

const RASPIOS = {
  builders: [
    {
      type: 'arm',
      file_urls: ['https://downloads.raspberrypi.org/raspios_lite_arm64/2020-08-20-raspios-buster-arm64-lite.zip'],
      file_checksum_url:
        'https://downloads.raspberrypi.org/raspios_lite_arm64/2020-08-20-raspios-buster-arm64-lite.zip.sha256',
      file_checksum_type: 'sha256',
      file_target_extension: 'zip',
      image_build_method: 'reuse',
      image_path: 'raspios-arm64.img',
      image_size: '2G',
      image_type: 'dos',
      image_partitions: [
        { name: 'boot', type: 'c', start_sector: '8192', filesystem: 'vfat', size: '256M', mountpoint: '/boot' },
        { name: 'root', type: '83', start_sector: '532480', filesystem: 'ext4', size: '0', mountpoint: '/' },
      ],
      image_chroot_env: ['PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin'],
      qemu_binary_source_path: '/usr/bin/qemu-aarch64-static',
      qemu_binary_destination_path: '/usr/bin/qemu-aarch64-static',
    },
  ],
  provisioners: [{ type: 'shell', inline: ['touch /tmp/test'] }],
};

describe('arm plans', () => {
  it('a real Raspberry Pi template (legacy JSON, weakly typed numbers)', async () => {
    const source = await plan<ArmSource>({ 'raspios.json': JSON.stringify(RASPIOS) });
    expect(source).toMatchObject({
      type: 'arm',
      download: {
        urls: [RASPIOS.builders[0]!.file_urls[0]],
        checksum: `file:${RASPIOS.builders[0]!.file_checksum_url}`,
      },
      file_target_extension: 'zip',
      image_build_method: 'reuse',
      image_type: 'dos',
      image_size: '2G',
      image_size_bytes: 2_000_000_000,
      qemu_binary: '/usr/bin/qemu-aarch64-static',
      chroot_env: { PATH: '/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin' },
      mount_path: '/mnt/chrootforge/{{.Device}}',
      output_image: '/home/me/raspios-arm64.img',
      output_format: 'raw',
      archive_root_only: false,
      prevent_service_starts: true,
      copy_files: [],
      command_wrapper: '{{.Command}}',
    });
    expect(source.image_partitions[1]).toEqual({
      name: 'root',
      type: '83',
      start_sector: 532480,
      size: '0',
      filesystem: 'ext4',
      filesystem_make_options: [],
      mountpoint: '/',
    });
    // The plugin's five defaults, mounted in order of their destination as its StepSetupChroot sorts them.
    expect(source.chroot_mounts).toEqual([
      ['bind', '/dev', '/dev'],
      ['devpts', '/devpts', '/dev/pts'],
      ['proc', 'proc', '/proc'],
      ['binfmt_misc', 'binfmt_misc', '/proc/sys/fs/binfmt_misc'],
      ['sysfs', 'sysfs', '/sys'],
    ]);
  });

  const hcl = (fields: string, extra = '') => ({
    't.pkr.hcl': `source "arm" "x" {
  file_urls          = ["images/rootfs.tar.xz"]
  image_build_method = "new"
  image_size_bytes   = 1000000000
  image_path         = "out/x.img"
  image_partitions {
    name       = "boot"
    type       = "c"
    filesystem = "vfat"
    size       = "64M"
    mountpoint = "/boot"
  }
  image_partitions {
    name       = "root"
    type       = "83"
    filesystem = "ext4"
    size       = "0"
    mountpoint = "/"
  }
${fields}
}
build {
  sources = ["source.arm.x"]
${extra}}
`,
  });

  const withImagePath = (files: Record<string, string>, path: string) => ({
    't.pkr.hcl': files['t.pkr.hcl']!.replace('"out/x.img"', JSON.stringify(path)),
  });

  it('HCL blocks: partitions in order, chroot mounts of blocks, sizes in bytes, local files from the working directory', async () => {
    const source = await plan<ArmSource>(
      hcl(`  file_checksum      = "ABCDEF0123456789ABCDEF0123456789"
  file_checksum_type = "MD5"
  image_chroot_mounts {
    mount_type       = "proc"
    source_path      = "proc"
    destination_path = "/proc"
  }
  additional_chroot_mounts {
    mount_type       = "rbind"
    source_path      = "/run/systemd"
    destination_path = "/run/systemd"
  }
  image_setup_extra = [["touch", "$MOUNTPOINT/etc/x"]]`),
    );
    expect(source.download).toEqual({
      urls: ['/home/me/images/rootfs.tar.xz'],
      checksum: 'md5:abcdef0123456789abcdef0123456789',
    });
    expect(source.image_partitions.map((p) => p.name)).toEqual(['boot', 'root']);
    expect(source.image_size_bytes).toBe(1_000_000_000);
    expect(source.image_size).toBeUndefined();
    expect(source.chroot_mounts).toEqual([
      ['proc', 'proc', '/proc'],
      ['rbind', '/run/systemd', '/run/systemd'],
    ]);
    expect(source.image_setup_extra).toEqual([['touch', '$MOUNTPOINT/etc/x']]);
    expect(source.output_image).toBe('/home/me/out/x.img');
  });

  it('checksums as the plugin reads them: a URL wins over a value, a value without a type is dropped, none verifies nothing', async () => {
    const both = await plan<ArmSource>(
      hcl(`  file_checksum      = "abcdef0123456789abcdef0123456789"
  file_checksum_url  = "https://e/MD5SUMS"
  file_checksum_type = "md5"`),
    );
    expect(both.download.checksum).toBe('file:https://e/MD5SUMS');
    const untyped = await plan<ArmSource>(hcl('  file_checksum = "abcdef0123456789abcdef0123456789"'));
    expect(untyped.download.checksum).toBeUndefined();
    const none = await plan<ArmSource>(hcl('  file_checksum_type = "none"'));
    expect(none.download.checksum).toBeUndefined();
  });

  for (const [path, format, rootOnly] of [
    ['x.img', 'raw', false],
    ['x.tar.gz', 'tar.gz', true],
    ['x.gz', 'tar.gz', true],
    ['x.tgz', 'tar.gz', false],
    ['x.tar.xz', 'tar.xz', false],
    ['x.tar.zst', 'tar.zst', false],
    ['x.tar.bz2', 'tar.bz2', false],
    ['x.tar', 'tar', false],
  ] as const) {
    it(`image_path ${path}: a ${format} artifact${rootOnly ? ' of the root file system alone' : ''}`, async () => {
      const source = await plan<ArmSource>(withImagePath(hcl('  file_checksum_type = "none"'), path));
      expect([source.output_format, source.archive_root_only]).toEqual([format, rootOnly]);
    });
  }

  it('an image_path with no extension the plugin writes: the build is refused, naming the ones it takes', async () => {
    const message = await planError(withImagePath(hcl('  file_checksum_type = "none"'), 'x.zip'));
    expect(message).toMatch(
      /^source\.arm\.x: image_path "x\.zip": packer-builder-arm picks the artifact by the extension: \.img is the raw image.*chrootforge does not write this archive format$/,
    );
  });

  it('new with a partition that has no filesystem, and an image_chroot_env entry without "=": clear errors', async () => {
    const noFs = await planError({
      't.json': JSON.stringify({
        builders: [
          {
            ...RASPIOS.builders[0],
            image_build_method: 'new',
            image_partitions: [{ name: 'root', type: '83', size: '0', mountpoint: '/' }],
          },
        ],
      }),
    });
    expect(noFs).toMatch(/image_partitions\[0\] \(partition 1\) has no filesystem: image_build_method "new" makes one/);
    const env = await planError({
      't.json': JSON.stringify({ builders: [{ ...RASPIOS.builders[0], image_chroot_env: ['DEBIAN_FRONTEND'] }] }),
    });
    expect(env).toBe(
      'source.arm.arm: image_chroot_env entry "DEBIAN_FRONTEND" is not NAME=VALUE (each entry is one variable of the chroot\'s environment)',
    );
  });
});

describe('arm-image plans', () => {
  it('the image type guessed from the URL gives image_mounts; the default qemu for image_arch; output-NAME/image', async () => {
    const source = await plan<ArmImageSource>({
      't.pkr.hcl': `source "arm-image" "pi" {
  iso_url      = "https://downloads.raspberrypi.org/raspios_lite_arm64/raspios.img.xz"
  iso_checksum = "5d0661eef1a0b89358159f3849c8f291be2305e5fe85b7a16811719e6e8ad5d1"
  image_arch   = "arm64"
}
build {
  sources = ["source.arm-image.pi"]
}
`,
    });
    expect(source).toMatchObject({
      type: 'arm-image',
      download: {
        urls: ['https://downloads.raspberrypi.org/raspios_lite_arm64/raspios.img.xz'],
        checksum: 'sha256:5d0661eef1a0b89358159f3849c8f291be2305e5fe85b7a16811719e6e8ad5d1',
      },
      image_mounts: ['/boot', '/'],
      image_arch: 'arm64',
      qemu_binary: 'qemu-aarch64-static',
      qemu_required: false,
      resolv_conf: 'off',
      chroot_env: {},
      output_image: '/home/me/output-pi/image',
      output_format: 'raw',
    });
    expect(source.chroot_mounts.map((m) => m[2])).toEqual([
      '/proc',
      '/sys',
      '/dev',
      '/dev/pts',
      '/proc/sys/fs/binfmt_misc',
    ]);
  });

  it('beaglebone: qemu_args ["-cpu", "cortex-a8"] as QEMU_CPU, and qemu then required; bind-host adds the resolv.conf bind', async () => {
    const source = await plan<ArmImageSource>({
      't.json': JSON.stringify({
        builders: [
          {
            type: 'arm-image',
            iso_url: 'images/bone-debian.img.xz',
            iso_checksum: 'file:SHA256SUMS',
            'resolv-conf': 'bind-host',
            output_directory: 'out',
            target_image_size: '4294967296',
          },
        ],
      }),
    });
    expect(source).toMatchObject({
      download: { urls: ['/home/me/images/bone-debian.img.xz'], checksum: 'file:/home/me/SHA256SUMS' },
      image_mounts: ['/'],
      chroot_env: { QEMU_CPU: 'cortex-a8' },
      qemu_required: true,
      qemu_binary: 'qemu-arm-static',
      output_image: '/home/me/out/image',
      target_image_size: 4294967296,
    });
    expect(source.chroot_mounts.at(-1)).toEqual(['bind', '/etc/resolv.conf', '/etc/resolv.conf']);
  });

  it('a qemu_args option qemu-user has no variable for is refused, naming the ones it has', async () => {
    const message = await planError({
      't.pkr.hcl': `source "arm-image" "x" {
  iso_url      = "https://e/raspios.img"
  iso_checksum = "none"
  qemu_args    = ["-plugin", "x.so"]
}
build {
  sources = ["source.arm-image.x"]
}
`,
    });
    expect(message).toMatch(
      /^source\.arm-image\.x: qemu_args "-plugin": chrootforge hands qemu_args to qemu-user as its environment variables and knows none for this option \(it knows -cpu /,
    );
  });
});
