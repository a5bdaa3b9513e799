/**
 * Bad input to `chrootforge build` of arm and arm-image templates: errors
 * in the template stop the build before anything on the host is touched,
 * each as `file:line:col: error: message [code]` (HCL and legacy JSON);
 * input that only the build can find wrong (a checksum that does not
 * match, a missing local image, a provisioner that fails) ends the build
 * with one clear sentence, never a stack trace, and leaves nothing: no
 * loop device, mount, journal entry, work directory, artifact, nor the
 * output directory the build made for it.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

/** A stack trace's frame line, as Node prints them. */
const STACK_FRAME = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at \/.*:\d+:\d+$/m;

describe.skipIf(missing.loop())(`arm and arm-image builds of bad input${skipNote(missing.loop())}`, () => {
  let dir: string;
  let dist: string;
  let board: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-armbad-'));
    dist = compileProject();
    board = join(dir, 'board.img');
    makeFixtureImage(board, { bootPartition: true, sizeMiB: 32 });
  });
  afterAll(() => {
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  /** `chrootforge build NAME` (written with `text` into a fresh directory); what it printed and what it left. */
  async function build(name: string, text: string) {
    const work = mkdtempSync(join(dir, 'case-'));
    writeFileSync(join(work, name), text);
    const result = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', name], {
      cwd: work,
      reject: false,
      env: { CHROOTFORGE_STATE_DIR: join(work, 'state'), CHROOTFORGE_CACHE_DIR: join(work, 'cache') },
    });
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(leftovers(dir)).toEqual([]);
    const journal = join(work, 'state', 'journal');
    expect(existsSync(journal) ? readdirSync(journal) : []).toEqual([]);
    // Nothing but the template (and the state and cache directories) is left in the working directory.
    expect(readdirSync(work).filter((n) => n !== name && n !== 'state' && n !== 'cache')).toEqual([]);
    return result;
  }

  it('arm (HCL): each error at its file:line:col, and nothing was built', async () => {
    const r = await build(
      'pi.pkr.hcl',
      `source "arm" "pi" {
  file_urls             = ["https://example.com/a.img.xz"]
  file_checksum_type    = "sha256"
  file_target_extension = "xz"
  image_build_method    = "grow"
  image_path            = "out/pi.img"
  image_size            = "2G"
  image_type            = "mbr"
  image_partitions {
    name         = "root"
    type         = "83"
    start_sector = "8192"
    filesystem   = "ext4"
    size         = "0"
    mountpoint   = "/"
  }
}

build {
  sources = ["source.arm.pi"]
}
`,
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'pi.pkr.hcl:1:1: error: a checksum must be specified [missing-field]',
      'pi.pkr.hcl:5:27: error: "image_build_method" must be one of "new", "reuse", "resize"; got "grow". [invalid-value]',
      'pi.pkr.hcl:8:27: error: "image_type" must be one of "dos", "gpt"; got "mbr". [invalid-value]',
      'chrootforge: pi.pkr.hcl: 3 error(s) in the template; nothing was built',
    ]);
    expect(r.stdout).toBe('');
  });

  it("arm (legacy JSON): the missing field at the builder's type", async () => {
    const r = await build(
      'pi.json',
      `${JSON.stringify(
        {
          builders: [
            {
              type: 'arm',
              file_urls: ['https://example.com/a.zip'],
              file_checksum_type: 'sha256',
              file_target_extension: 'zip',
              image_build_method: 'reuse',
              image_path: 'pi.img',
              image_size: '2G',
              image_type: 'dos',
              image_partitions: [
                { name: 'root', type: '83', start_sector: 8192, filesystem: 'ext4', size: '0', mountpoint: '/' },
              ],
            },
          ],
        },
        null,
        2,
      )}\n`,
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'pi.json:4:15: error: a checksum must be specified [missing-field]',
      'chrootforge: pi.json: 1 error(s) in the template; nothing was built',
    ]);
  });

  it('arm-image: no iso_url and an unknown image_arch, at their places; resolv-conf "maybe" only warns (the plugin accepts it)', async () => {
    const text = `source "arm-image" "pi" {
  iso_checksum = "sha256:abc"
  image_type   = "raspberrypi"
  resolv-conf  = "maybe"
  image_arch   = "sparc"
}

build {
  sources = ["source.arm-image.pi"]
}
`;
    const r = await build('pi.pkr.hcl', text);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'pi.pkr.hcl:1:1: error: One of iso_url or iso_urls must be specified [missing-field]',
      'pi.pkr.hcl:5:18: error: "image_arch" must be one of "arm", "armbe", "arm64", "arm64be"; got "sparc". [invalid-value]',
      'chrootforge: pi.pkr.hcl: 2 error(s) in the template; nothing was built',
    ]);
    writeFileSync(join(dir, 'lint.pkr.hcl'), text);
    const lint = await execa(process.execPath, [join(dist, 'cli/main.js'), 'validate', 'lint.pkr.hcl'], {
      cwd: dir,
      reject: false,
    });
    expect(lint.stdout).toMatch(
      /^lint\.pkr\.hcl:4:18: warning: resolv-conf "maybe" is not one of off, copy-host, bind-host, delete/m,
    );
  });

  /** An arm template over `url` with `checksum`, writing out/pi.img; one shell provisioner running `inline`. */
  const armTemplate = (url: string, checksum: string, inline: string[]) => `source "arm" "pi" {
  file_urls             = ["${url}"]
  file_checksum         = "${checksum}"
  file_checksum_type    = "sha256"
  file_target_extension = "img"
  image_build_method    = "reuse"
  image_path            = "out/pi.img"
  image_size            = "32M"
  image_type            = "dos"
  image_mount_path      = "${dir}/mnt-pi"
  image_partitions {
    name         = "boot"
    type         = "c"
    start_sector = 2048
    filesystem   = "ext4"
    size         = "8M"
    mountpoint   = "/boot"
  }
  image_partitions {
    name         = "root"
    type         = "83"
    start_sector = 18432
    filesystem   = "ext4"
    size         = "0"
    mountpoint   = "/"
  }
}

build {
  sources = ["source.arm.pi"]
  provisioner "shell" {
    inline = ${JSON.stringify(inline)}
  }
}
`;
  const boardSha256 = () => createHash('sha256').update(readFileSync(board)).digest('hex');

  it('arm: a checksum that does not match: one sentence with both sums; no output directory, nothing left', async () => {
    const r = await build('pi.pkr.hcl', armTemplate(`file://${board}`, '0'.repeat(64), ['true']));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `==> arm.pi: Build errored: download: file://${board}: checksum mismatch for ${board}: the checksum is sha256:${'0'.repeat(64)}, the file has sha256:${boardSha256()}`,
    );
  });

  it('arm: a local image that is not there: the error names it; nothing left', async () => {
    const r = await build('pi.pkr.hcl', armTemplate(join(dir, 'nowhere.img'), '0'.repeat(64), ['true']));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'nowhere.img')} does not exist or is not a file`);
  });

  it('arm: a provisioner that fails after the image was mounted: its exit status, then everything undone', async () => {
    const r = await build(
      'pi.pkr.hcl',
      armTemplate(`file://${board}`, boardSha256(), ['echo about to fail', 'exit 3']),
    );
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/about to fail/);
    expect(r.stdout).toMatch(/Unmounting/);
    expect(r.stderr).toMatch(/==> arm\.pi: Build errored: Script exited with non-zero exit status: 3\./);
  });
});
