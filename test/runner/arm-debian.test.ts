/**
 * Issue 10's acceptance builds: an unchanged packer-builder-arm template and
 * an arm-image template, each over a real arm64 Debian 12 root (debootstrap,
 * second stage through qemu-user: the cached base of test/fixtures/debian)
 * inside a partitioned board image served by a local http server with a
 * checksum file, built by `chrootforge build` as root on loop devices. The
 * provisioners run `apt-get install -y hello` from Debian's mirror inside
 * the emulated chroot; the artifact is checked from outside (hello's files
 * and its dpkg record with debugfs, an aarch64 binary, the partition table
 * as it was), and nothing is left: no loop device, mount, process, journal
 * entry or binfmt_misc change.
 *
 * The arm template is mkaczanowski/packer-builder-arm's
 * boards/raspberry-pi-3/raspios-lite-arm64.json from the corpus, its two
 * URLs pointed at the local server and nothing else changed in its builder;
 * its provisioners are kept and three are added (the host's resolv.conf
 * for apt, the install, the check), as users' templates do.
 */
import { execa, execaSync } from 'execa';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINFMT_DIR } from '../../runner/steps/qemu-setup.js';
import { cachedArm64Board, type BoardImages } from '../fixtures/debian/arm-board.js';
import { compileProject } from '../fixtures/runner/compiled.js';
import { serveDirectory, type DirectoryServer } from '../fixtures/runner/http-server.js';
import { forceRelease, leftovers, mountsUnder, processesRootedUnder } from '../fixtures/runner/leaks.js';
import { missing, skipNote } from '../support/requirements.js';

const MINUTE = 60_000;
const MiB = 1024 * 1024;
const CORPUS = resolve(import.meta.dirname, '../fixtures/realworld');
const RASPIOS_TEMPLATE = join(CORPUS, 'mkaczanowski__packer-builder-arm/boards/raspberry-pi-3/raspios-lite-arm64.json');

const skip =
  missing.loop() ??
  ['debootstrap', 'zstd', 'zip', 'xz', 'qemu-aarch64-static', 'debugfs'].map((t) => missing.tool(t)).find(Boolean) ??
  (existsSync('/usr/lib/binfmt.d/qemu-aarch64.conf') || existsSync(join(BINFMT_DIR, 'qemu-aarch64'))
    ? undefined
    : 'needs qemu-user-static (its binfmt_misc definition of qemu-aarch64)');

/** Prints one timing line that stays visible in the test output. */
function timing(what: string, seconds: number): void {
  console.log(`[timing] ${what}: ${seconds.toFixed(1)} s`);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** debugfs on the ext file system `offset` bytes into `image`: no mount needed. */
function debugfs(image: string, offset: number, request: string): { stdout: string; stderr: string } {
  const r = execaSync('debugfs', ['-R', request, `${image}?offset=${offset}`], {
    reject: false,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  return { stdout: Buffer.from(r.stdout).toString('latin1'), stderr: Buffer.from(r.stderr).toString('utf8') };
}

function partitionTable(image: string): Array<{ start: number; size: number; type: string }> {
  const json = JSON.parse(execaSync('sfdisk', ['--json', image]).stdout) as {
    partitiontable: { partitions: Array<{ start: number; size: number; type: string }> };
  };
  return json.partitiontable.partitions.map(({ start, size, type }) => ({ start, size, type }));
}

const binfmtEntries = (): string[] => (existsSync(BINFMT_DIR) ? readdirSync(BINFMT_DIR).sort() : []);

/** What an artifact must hold: `hello` installed by apt, for aarch64, and the partition layout of the board image. */
function expectHelloInstalled(image: string): void {
  const root = 532480 * 512;
  const status = debugfs(image, root, 'cat /var/lib/dpkg/status').stdout;
  expect(status).toMatch(/^Package: hello\nStatus: install ok installed\n(.*\n)*?Architecture: arm64$/m);
  const binary = debugfs(image, root, 'cat /usr/bin/hello').stdout;
  // An ELF for aarch64 (e_machine 183).
  expect(binary.slice(0, 4)).toBe('\x7fELF');
  expect(Buffer.from(binary, 'latin1').readUInt16LE(18)).toBe(183);
  expect(debugfs(image, root, 'stat /usr/share/doc/hello/copyright').stderr).not.toMatch(/File not found/);
  // The build's own files are gone again: the resolver the provisioner brought, the deny-all policy-rc.d.
  expect(debugfs(image, root, 'stat /usr/sbin/policy-rc.d').stderr).toMatch(/File not found/);
  expect(partitionTable(image).slice(0, 1)).toEqual([{ start: 8192, size: (256 * MiB) / 512, type: 'c' }]);
  expect(partitionTable(image)[1]!.start).toBe(532480);
  expect(debugfs(image, 8192 * 512, 'cat /config.txt').stdout).toBe('arm_64bit=1\n');
}

describe.skipIf(skip)(
  `arm and arm-image templates over a real arm64 Debian, through qemu-user${skipNote(skip)}`,
  () => {
    let dir: string;
    let dist: string;
    let server: DirectoryServer;
    let board: BoardImages;
    let binfmtBefore: string[];
    let chrootforgeMountsBefore: string[];
    beforeAll(async () => {
      const t0 = Date.now();
      board = cachedArm64Board();
      timing(`debootstrap base arm64 (${board.base.hit ? 'cache hit' : 'made now'})`, board.base.seconds);
      timing(`board image zip (${board.zip.hit ? 'cache hit' : 'made now'})`, board.zip.seconds);
      timing(`board image xz (${board.xz.hit ? 'cache hit' : 'made now'})`, board.xz.seconds);
      dir = mkdtempSync(join('/var/tmp', 'cf-arm-debian-'));
      chmodSync(dir, 0o755);
      const t1 = Date.now();
      dist = compileProject();
      timing('compile the project for the CLI', (Date.now() - t1) / 1000);
      // The mirror's layout of Raspberry Pi OS, with its checksum files.
      const site = join(dir, 'site');
      const zipDir = join(site, 'raspios_lite_arm64/images/raspios_lite_arm64-2020-08-24');
      const zipName = '2020-08-20-raspios-buster-arm64-lite.zip';
      mkdirSync(zipDir, { recursive: true });
      symlinkSync(board.zip.path, join(zipDir, zipName));
      writeFileSync(join(zipDir, `${zipName}.sha256`), `${await sha256(board.zip.path)}  ${zipName}\n`);
      const xzDir = join(site, 'raspios_lite_arm64/images/raspios_lite_arm64-2023-12-11');
      const xzName = '2023-12-11-raspios-bookworm-arm64-lite.img.xz';
      mkdirSync(xzDir, { recursive: true });
      symlinkSync(board.xz.path, join(xzDir, xzName));
      writeFileSync(join(xzDir, `${xzName}.sha256`), `${await sha256(board.xz.path)}  ${xzName}\n`);
      server = await serveDirectory(site);
      binfmtBefore = binfmtEntries();
      chrootforgeMountsBefore = mountsUnder('/mnt/chrootforge');
      timing('fixtures ready', (Date.now() - t0) / 1000);
    }, 30 * MINUTE);
    afterAll(async () => {
      await server?.close();
      forceRelease(dir);
      rmSync(dir, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    });

    async function build(template: string, what: string) {
      const t0 = Date.now();
      const result = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', template], {
        cwd: dir,
        reject: false,
        all: true,
        env: { CHROOTFORGE_STATE_DIR: join(dir, 'state'), CHROOTFORGE_CACHE_DIR: join(dir, 'cache') },
        timeout: 25 * MINUTE,
      });
      timing(`chrootforge build ${what}`, (Date.now() - t0) / 1000);
      const steps = /Step timings:\n((?:.*\n?)*)/.exec(result.all ?? '')?.[1];
      if (steps) console.log(`[timing] ${what} steps:\n${steps.split('\n').slice(0, 24).join('\n')}`);
      expect(result.exitCode, result.all?.slice(-8000)).toBe(0);
      const mountPath = /Mounting the root device \S+ at (\S+?)\.\.\./.exec(result.all ?? '')?.[1];
      expect(mountPath, 'the build names its mount path').toBeTruthy();
      expect(leftovers(dir)).toEqual([]);
      expect(mountsUnder(mountPath!)).toEqual([]);
      expect(processesRootedUnder(mountPath!)).toEqual([]);
      expect(mountsUnder('/mnt/chrootforge')).toEqual(chrootforgeMountsBefore);
      expect(readdirSync(join(dir, 'state', 'journal'))).toEqual([]);
      expect(binfmtEntries()).toEqual(binfmtBefore);
      return result.all ?? '';
    }

    it("arm: the corpus's raspios-lite-arm64.json, URLs pointed here, installs hello with apt in the emulated chroot", {
      timeout: 30 * MINUTE,
    }, async () => {
      const template = JSON.parse(readFileSync(RASPIOS_TEMPLATE, 'utf8')) as {
        builders: Array<Record<string, unknown>>;
        provisioners: unknown[];
      };
      const builder = template.builders[0]!;
      const rewrite = (url: string) => url.replace('https://downloads.raspberrypi.org', server.url);
      builder.file_urls = (builder.file_urls as string[]).map(rewrite);
      builder.file_checksum_url = rewrite(builder.file_checksum_url as string);
      template.provisioners.push(
        { type: 'file', source: '/etc/resolv.conf', destination: '/etc/resolv.conf' },
        {
          type: 'shell',
          inline: [
            'apt-get update',
            'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends hello',
            'hello',
          ],
        },
        { type: 'shell', inline: ['rm /etc/resolv.conf', 'apt-get clean'] },
      );
      const file = join(dir, 'raspios-lite-arm64.json');
      writeFileSync(file, JSON.stringify(template, null, 2));
      const output = await build(file, 'arm raspios-lite-arm64.json (reuse, zip over http)');
      expect(output).toMatch(/binfmt entry (qemu-aarch64|chrootforge-[0-9a-f]{8}-qemu-aarch64) has the F flag/);
      expect(output).toMatch(/^ {4}arm(-image)?\.[a-z0-9_]+: Hello, world!$/m);
      const artifact = join(dir, basename(builder.image_path as string));
      expectHelloInstalled(artifact);
      expect(debugfs(artifact, 532480 * 512, 'stat /etc/resolv.conf').stderr).toMatch(/File not found/);
      expect(debugfs(artifact, 532480 * 512, 'stat /tmp/test').stderr).not.toMatch(/File not found/);
    });

    it('arm-image: an .img.xz over http with its .sha256, grown, resolv-conf bind-host, installs hello with apt', {
      timeout: 30 * MINUTE,
    }, async () => {
      const file = join(dir, 'raspios-arm64.pkr.hcl');
      writeFileSync(
        file,
        `variable "mirror" {
  type    = string
  default = "${server.url}"
}

source "arm-image" "raspios_arm64" {
  iso_url           = "\${var.mirror}/raspios_lite_arm64/images/raspios_lite_arm64-2023-12-11/2023-12-11-raspios-bookworm-arm64-lite.img.xz"
  iso_checksum      = "file:\${var.mirror}/raspios_lite_arm64/images/raspios_lite_arm64-2023-12-11/2023-12-11-raspios-bookworm-arm64-lite.img.xz.sha256"
  image_type        = "raspberrypi"
  image_arch        = "arm64"
  qemu_binary       = "qemu-aarch64-static"
  output_filename   = "images/rpi-arm64.img"
  target_image_size = ${1536 * MiB}
  resolv-conf       = "bind-host"
}

build {
  sources = ["source.arm-image.raspios_arm64"]

  provisioner "shell" {
    inline = [
      "touch /boot/ssh",
      "apt-get update",
      "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends hello",
      "apt-get clean",
      "hello",
    ]
  }
}
`,
      );
      const output = await build(file, 'arm-image (xz over http, target_image_size)');
      expect(output).toMatch(/^ {4}arm(-image)?\.[a-z0-9_]+: Hello, world!$/m);
      const artifact = join(dir, 'images/rpi-arm64.img');
      expectHelloInstalled(artifact);
      const [, root] = partitionTable(artifact);
      expect((root!.start + root!.size) * 512).toBe(1536 * MiB);
      expect(debugfs(artifact, 8192 * 512, 'stat /ssh').stderr).not.toMatch(/File not found/);
      // bind-host bound the host's resolver for the build only: the image has none, as before.
      expect(debugfs(artifact, 532480 * 512, 'stat /etc/resolv.conf').stderr).toMatch(/File not found/);
    });
  },
);
