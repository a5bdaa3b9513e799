/**
 * `chrootforge build` of arm (packer-builder-arm) and arm-image
 * (packer-plugin-arm-image) templates on real loop devices, over small
 * busybox board images (the build host's architecture, so no emulation:
 * the arm64 Debian builds are test/runner/arm-debian.test.ts). Each
 * template is checked from outside afterwards (debugfs, sfdisk, tar), and
 * nothing of a build is left mounted, attached or running.
 *
 * Covered: the download over http with file_checksum_url / iso_checksum
 * file:, and from a file:// URL; file_unarchive_cmd with $ARCHIVE_PATH,
 * $TMP_DIR and $MOUNTPOINT; the reuse, resize and new methods (dos with
 * sfdisk, gpt with sgdisk, mkfs with filesystem_make_options); arm's .img
 * and .tar.gz artifacts; image_setup_extra, image_chroot_env;
 * arm-image's content-detected xz and zip, target_image_size, image_mounts
 * and its resolv-conf modes.
 */
import { execa, execaSync } from 'execa';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { serveDirectory, type DirectoryServer } from '../fixtures/runner/http-server.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage, makeRootTree } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

const MiB = 1024 * 1024;
const skip = missing.loop() ?? missing.tool('sgdisk') ?? missing.tool('bsdtar') ?? missing.tool('unzip');

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const md5 = (path: string): string => createHash('md5').update(readFileSync(path)).digest('hex');

/** A file of an ext file system `offset` bytes into `image`, read with debugfs (no mount). */
function readExt(image: string, offset: number, path: string): string {
  return execFileSync('debugfs', ['-R', `cat ${path}`, `${image}?offset=${offset}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** Whether `path` exists in the ext file system `offset` bytes into `image`. */
function existsExt(image: string, offset: number, path: string): boolean {
  const r = execaSync('debugfs', ['-R', `stat ${path}`, `${image}?offset=${offset}`], { reject: false });
  return !/File not found/.test(r.stderr);
}

/** `sfdisk --json` partitions of an image: start sector, size in sectors, type. */
function partitions(image: string): Array<{ start: number; size: number; type: string }> {
  const json = JSON.parse(execFileSync('sfdisk', ['--json', image], { encoding: 'utf8' })) as {
    partitiontable: { partitions: Array<{ start: number; size: number; type: string }> };
  };
  return json.partitiontable.partitions.map(({ start, size, type }) => ({ start, size, type }));
}

describe.skipIf(skip)(`arm and arm-image builds${skipNote(skip)}`, () => {
  let dir: string;
  let site: string;
  let dist: string;
  let server: DirectoryServer;
  let board: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cf-arm-'));
    chmodSync(dir, 0o755);
    dist = compileProject();
    site = join(dir, 'site');
    mkdirSync(site);
    // A board image as vendors ship them: a boot partition (1 MiB, 8 MiB) and the root after it.
    board = join(site, 'board.img');
    makeFixtureImage(board, {
      bootPartition: true,
      sizeMiB: 48,
      files: { 'etc/resolv.conf': 'nameserver 192.0.2.1\n', 'etc/os-release': 'ID=fixture\n' },
    });
    execFileSync('xz', ['-T0', '-k', '-1', board]);
    execFileSync('zip', ['-q', '-j', join(site, 'board.zip'), board]);
    writeFileSync(
      join(site, 'SHA256SUMS'),
      `${sha256(`${board}.xz`)}  board.img.xz\n${sha256(join(site, 'board.zip'))}  board.zip\n`,
    );
    // A rootfs archive as Arch Linux ARM ships them, with its .md5.
    const tree = join(dir, 'rootfs-tree');
    makeRootTree(tree, { 'etc/os-release': 'ID=rootfs\n' });
    execFileSync('tar', ['-C', tree, '-czf', join(site, 'rootfs.tar.gz'), '.']);
    writeFileSync(join(site, 'rootfs.tar.gz.md5'), `${md5(join(site, 'rootfs.tar.gz'))}  rootfs.tar.gz\n`);
    server = await serveDirectory(site);
  });
  afterAll(async () => {
    await server?.close();
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  const build = async (name: string, text: string, env: Record<string, string> = {}) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const result = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', file], {
      cwd: dir,
      reject: false,
      all: true,
      env: { CHROOTFORGE_STATE_DIR: join(dir, 'state'), CHROOTFORGE_CACHE_DIR: join(dir, 'cache'), ...env },
    });
    expect(leftovers(dir)).toEqual([]);
    return result;
  };

  it('arm reuse: an .img.xz over http, file_checksum_url, file_unarchive_cmd, image_setup_extra, image_chroot_env → .img', async () => {
    const r = await build(
      'reuse.pkr.hcl',
      `source "arm" "board" {
  file_urls             = ["${server.url}/board.img.xz"]
  file_checksum_url     = "${server.url}/SHA256SUMS"
  file_checksum_type    = "sha256"
  file_target_extension = "xz"
  file_unarchive_cmd    = ["xz", "--decompress", "$ARCHIVE_PATH"]
  image_build_method    = "reuse"
  image_path            = "out/reuse.img"
  image_size            = "48M"
  image_type            = "dos"
  image_mount_path      = "${dir}/mnt-reuse"
  image_partitions {
    name         = "boot"
    type         = "83"
    start_sector = "2048"
    filesystem   = "ext4"
    size         = "8M"
    mountpoint   = "/boot"
  }
  image_partitions {
    name         = "root"
    type         = "83"
    start_sector = "18432"
    filesystem   = "ext4"
    size         = "0"
    mountpoint   = "/"
  }
  image_setup_extra = [["touch", "$MOUNTPOINT/etc/setup-extra"]]
  image_chroot_env  = ["GREETING=hello from image_chroot_env"]
}

build {
  sources = ["source.arm.board"]
  provisioner "shell" {
    inline = ["echo \\"$GREETING\\" > /etc/greeting", "echo on-boot > /boot/provisioned"]
  }
}
`,
    );
    expect(r.exitCode, r.all).toBe(0);
    const out = join(dir, 'out/reuse.img');
    expect(partitions(out)).toEqual(partitions(board));
    expect(readExt(out, 9 * MiB, '/etc/greeting')).toBe('hello from image_chroot_env\n');
    expect(readExt(out, 9 * MiB, '/etc/setup-extra')).toBe('');
    expect(readExt(out, 1 * MiB, '/provisioned')).toBe('on-boot\n');
    expect(server.requests).toEqual(['/SHA256SUMS', '/board.img.xz']);
    // The download was never changed: a second build takes it from the cache.
    const again = await build('reuse.pkr.hcl', readFileSync(join(dir, 'reuse.pkr.hcl'), 'utf8'));
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toMatch(/Using the cached download of .*board\.img\.xz \(sha256 verified\)/);
    expect(server.requests).toEqual(['/SHA256SUMS', '/board.img.xz', '/SHA256SUMS']);
  });

  it('arm resize: a zip from a file:// URL with file_checksum, grown to image_size as qemu-img reads it (MiB)', async () => {
    const r = await build(
      'resize.json',
      JSON.stringify({
        builders: [
          {
            type: 'arm',
            file_urls: [`file://${site}/board.zip`],
            file_checksum: sha256(join(site, 'board.zip')),
            file_checksum_type: 'sha256',
            file_target_extension: 'zip',
            image_build_method: 'resize',
            image_path: 'out/resize.img',
            image_size: '64M',
            image_type: 'dos',
            image_mount_path: `${dir}/mnt-resize`,
            image_partitions: [
              { name: 'boot', type: 'c', start_sector: '2048', filesystem: 'vfat', size: '8M', mountpoint: '' },
              { name: 'root', type: '83', start_sector: '18432', filesystem: 'ext4', size: '0', mountpoint: '/' },
            ],
          },
        ],
        provisioners: [{ type: 'shell', inline: ['df -k / | tail -1 > /etc/df'] }],
      }),
    );
    expect(r.exitCode, r.all).toBe(0);
    const out = join(dir, 'out/resize.img');
    expect(statSync(out).size).toBe(64 * MiB);
    const [boot, root] = partitions(out);
    expect(boot).toEqual(partitions(board)[0]);
    expect(root!.start).toBe(18432);
    expect(root!.start + root!.size).toBe((64 * MiB) / 512);
    // The file system filled the partition (df inside the chroot saw it).
    const blocks = Number(
      readExt(out, 9 * MiB, '/etc/df')
        .trim()
        .split(/\s+/)[1],
    );
    // 55 MiB less ext4's journal and tables; the 39 MiB partition it came from holds under 36,000 blocks.
    expect(blocks).toBeGreaterThan(45 * 1024);
  });

  it('arm new: a rootfs tar.gz over http with an md5 checksum file, dos partitions made, vfat with options, bsdtar into $MOUNTPOINT', async () => {
    const r = await build(
      'new.json',
      JSON.stringify({
        builders: [
          {
            type: 'arm',
            file_urls: [`${server.url}/rootfs.tar.gz`],
            file_checksum_url: `${server.url}/rootfs.tar.gz.md5`,
            file_checksum_type: 'md5',
            file_unarchive_cmd: ['bsdtar', '-xpf', '$ARCHIVE_PATH', '-C', '$MOUNTPOINT'],
            file_target_extension: 'tar.gz',
            image_build_method: 'new',
            image_path: 'out/new.img',
            image_size: '64M',
            image_type: 'dos',
            image_mount_path: `${dir}/mnt-new`,
            image_partitions: [
              {
                name: 'boot',
                type: 'c',
                start_sector: '8192',
                filesystem: 'vfat',
                filesystem_make_options: ['-F', '16', '-n', 'BOOT'],
                size: '16M',
                mountpoint: '',
              },
              { name: 'root', type: '83', start_sector: '40960', filesystem: 'ext4', size: '0', mountpoint: '/' },
            ],
          },
        ],
        provisioners: [{ type: 'shell', inline: ['echo built > /etc/built'] }],
      }),
    );
    expect(r.exitCode, r.all).toBe(0);
    const out = join(dir, 'out/new.img');
    // image_size is go-humanize's: 64M = 64,000,000 bytes.
    expect(statSync(out).size).toBe(64_000_000);
    expect(partitions(out)).toEqual([
      { start: 8192, size: (16 * MiB) / 512, type: 'c' },
      { start: 40960, size: 64_000_000 / 512 - 40960, type: '83' },
    ]);
    const bootSector = Buffer.alloc(512);
    const fd = openSync(out, 'r');
    readSync(fd, bootSector, 0, 512, 8192 * 512);
    closeSync(fd);
    expect(bootSector.subarray(54, 62).toString('latin1')).toBe('FAT16   ');
    expect(bootSector.subarray(43, 54).toString('latin1')).toBe('BOOT       ');
    expect(readExt(out, 40960 * 512, '/etc/os-release')).toBe('ID=rootfs\n');
    expect(readExt(out, 40960 * 512, '/etc/built')).toBe('built\n');
  });

  it('arm new on gpt (sgdisk) with a .tar.gz image_path: a tar.gz of the root file system alone', async () => {
    const r = await build(
      'new-gpt.pkr.hcl',
      `source "arm" "rootfs" {
  file_urls             = ["${server.url}/rootfs.tar.gz"]
  file_checksum         = "${md5(join(site, 'rootfs.tar.gz'))}"
  file_checksum_type    = "md5"
  image_build_method    = "new"
  image_path            = "out/rootfs.tar.gz"
  image_size            = "64MiB"
  image_type            = "gpt"
  image_mount_path      = "${dir}/mnt-gpt"
  image_partitions {
    name         = "boot"
    type         = "8300"
    start_sector = 2048
    filesystem   = "ext2"
    size         = "+8M"
    mountpoint   = "/boot"
  }
  image_partitions {
    name         = "root"
    type         = "8300"
    start_sector = 0
    filesystem   = "ext4"
    filesystem_make_options = ["-L", "rootfs"]
    size         = "0"
    mountpoint   = "/"
  }
}

build {
  sources = ["source.arm.rootfs"]
  provisioner "shell" {
    inline = ["echo root > /etc/provisioned", "echo boot > /boot/provisioned"]
  }
}
`,
    );
    expect(r.exitCode, r.all).toBe(0);
    const listing = execFileSync('tar', ['-tzf', join(dir, 'out/rootfs.tar.gz')], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('./etc/provisioned');
    expect(listing).toContain('./bin/busybox');
    expect(listing).toContain('./boot/');
    // --one-file-system: the boot partition's files are not in it.
    expect(listing.filter((l) => l.startsWith('./boot/') && l !== './boot/')).toEqual([]);
  });

  it('arm-image: xz by its content over http, iso_checksum file:, target_image_size, image_mounts, resolv-conf bind-host for the build only', async () => {
    const r = await build(
      'arm-image.pkr.hcl',
      `source "arm-image" "board" {
  iso_url           = "${server.url}/board.img.xz"
  iso_checksum      = "file:${server.url}/SHA256SUMS"
  image_mounts      = ["/boot", "/"]
  image_arch        = "arm64"
  target_image_size = ${64 * MiB}
  resolv-conf       = "bind-host"
  mount_path        = "${dir}/mnt-arm-image"
  output_filename   = "out/arm-image.img"
}

build {
  sources = ["source.arm-image.board"]
  provisioner "shell" {
    inline = ["cat /etc/resolv.conf > /etc/resolv-during-build", "echo on-boot > /boot/provisioned"]
  }
}
`,
    );
    expect(r.exitCode, r.all).toBe(0);
    const out = join(dir, 'out/arm-image.img');
    expect(statSync(out).size).toBe(64 * MiB);
    const [boot, root] = partitions(out);
    expect(boot).toEqual(partitions(board)[0]);
    expect(root!.start + root!.size).toBe((64 * MiB) / 512);
    expect(readExt(out, 9 * MiB, '/etc/resolv-during-build')).toBe(readFileSync('/etc/resolv.conf', 'utf8'));
    expect(readExt(out, 9 * MiB, '/etc/resolv.conf')).toBe('nameserver 192.0.2.1\n');
    expect(readExt(out, 1 * MiB, '/provisioned')).toBe('on-boot\n');
  });

  for (const [mode, expected] of [
    ['copy-host', readFileSync('/etc/resolv.conf', 'utf8')],
    ['delete', undefined],
  ] as const) {
    it(`arm-image resolv-conf ${mode}: the image keeps the change, as the plugin's does (a one-file zip, local path)`, async () => {
      const name = `resolv-${mode}`;
      copyFileSync(join(site, 'board.zip'), join(dir, 'board.zip'));
      const r = await build(
        `${name}.json`,
        JSON.stringify({
          builders: [
            {
              type: 'arm-image',
              iso_url: 'board.zip',
              iso_checksum: `sha256:${sha256(join(site, 'board.zip'))}`,
              image_type: 'raspberrypi',
              image_arch: 'arm64',
              'resolv-conf': mode,
              mount_path: `${dir}/mnt-${name}`,
              output_filename: `out/${name}.img`,
            },
          ],
          provisioners: [
            {
              type: 'shell',
              inline: ['if [ -e /etc/resolv.conf ]; then echo present; else echo absent; fi > /etc/seen'],
            },
          ],
        }),
      );
      expect(r.exitCode, r.all).toBe(0);
      const out = join(dir, `out/${name}.img`);
      expect(readExt(out, 9 * MiB, '/etc/seen')).toBe(expected === undefined ? 'absent\n' : 'present\n');
      if (expected === undefined) expect(existsExt(out, 9 * MiB, '/etc/resolv.conf')).toBe(false);
      else expect(readExt(out, 9 * MiB, '/etc/resolv.conf')).toBe(expected);
    });
  }
});
