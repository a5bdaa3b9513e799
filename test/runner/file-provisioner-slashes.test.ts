/**
 * The file provisioner's trailing-slash rules through a real template and a
 * real `chrootforge build` (as root, on a loop device), checked from outside:
 * the artifact is mounted read-only and the host tree listed afterwards.
 *
 * Packer's rules (provisioner/file): a source directory ending in `/` is
 * uploaded as its contents, without the slash as the directory itself; a
 * download destination ending in `/` is a directory receiving the file under
 * its own name, otherwise the file's path. The slash used to be lost on the
 * way from the template to the runner (path.resolve in template/plan.ts):
 * `conf/` landed in `/etc/app/conf/…` and a download into `dl/new-dir/` was
 * written as a file named `new-dir`.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

/** Every file and directory under `root`, as sorted relative paths (directories end in `/`). */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const isDir = lstatSync(path).isDirectory();
      out.push(relative(root, path) + (isDir ? '/' : ''));
      if (isDir) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

describe.skipIf(missing.loop())(`file provisioner: trailing slashes in a real build${skipNote(missing.loop())}`, () => {
  let work: string;
  let dist: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cf-slash-'));
    chmodSync(work, 0o755);
    dist = compileProject();
    makeFixtureImage(join(work, 'base.img'), {
      files: { 'srv/out/a.txt': 'a\n', 'srv/out/deep/b.txt': 'b\n' },
    });
    mkdirSync(join(work, 'payload/conf/sub'), { recursive: true });
    writeFileSync(join(work, 'payload/conf/app.conf'), 'app\n');
    writeFileSync(join(work, 'payload/conf/sub/nested.conf'), 'nested\n');
  });
  afterAll(() => {
    forceRelease(work);
    rmSync(work, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  const build = (template: string, args: string[] = []) =>
    execa(process.execPath, [join(dist, 'cli/main.js'), 'build', ...args, template], {
      cwd: work,
      reject: false,
      all: true,
      env: { CHROOTFORGE_STATE_DIR: join(work, 'state') },
    });

  /** The artifact's tree under `dir` (image path), read from a read-only mount of it. */
  function imageTree(image: string, dir: string): string[] {
    const mnt = join(work, 'check');
    mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-o', 'ro,offset=1048576', image, mnt]);
    try {
      return tree(join(mnt, dir));
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  it('HCL: upload and download follow the slash, absolute and template-relative paths alike', async () => {
    writeFileSync(
      join(work, 'slashes.pkr.hcl'),
      `variable "work" {
  type = string
}

source "chroot" "slashes" {
  source_image = "base.img"
  mount_path   = "\${var.work}/mnt/{{.Device}}"
  output_image = "out/slashes.img"
  copy_files   = []
}

build {
  sources = ["source.chroot.slashes"]

  provisioner "file" {
    source      = "\${var.work}/payload/conf/"
    destination = "/etc/app"
  }
  provisioner "file" {
    source      = "\${var.work}/payload/conf"
    destination = "/etc/whole"
  }
  provisioner "file" {
    source      = "payload/conf/"
    destination = "/etc/relative"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/etc/hostname"
    destination = "\${var.work}/dl/new-dir/"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/etc/hostname"
    destination = "\${var.work}/dl/parent/named.txt"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/srv/out/"
    destination = "\${var.work}/dl/contents"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/srv/out"
    destination = "\${var.work}/dl/itself/"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/etc/hostname"
    destination = "dl-relative/"
  }
}
`,
    );
    const r = await build('slashes.pkr.hcl', ['-var', `work=${work}`]);
    expect(r.exitCode, r.all).toBe(0);
    expect(leftovers(work)).toEqual([]);

    const image = join(work, 'out/slashes.img');
    expect(imageTree(image, 'etc/app')).toEqual(['app.conf', 'sub/', 'sub/nested.conf']);
    expect(imageTree(image, 'etc/whole')).toEqual(['conf/', 'conf/app.conf', 'conf/sub/', 'conf/sub/nested.conf']);
    expect(imageTree(image, 'etc/relative')).toEqual(['app.conf', 'sub/', 'sub/nested.conf']);

    expect(tree(join(work, 'dl'))).toEqual([
      'contents/',
      'contents/a.txt',
      'contents/deep/',
      'contents/deep/b.txt',
      'itself/',
      'itself/out/',
      'itself/out/a.txt',
      'itself/out/deep/',
      'itself/out/deep/b.txt',
      'new-dir/',
      'new-dir/hostname',
      'parent/',
      'parent/named.txt',
    ]);
    expect(readFileSync(join(work, 'dl/new-dir/hostname'), 'utf8')).toBe('fixture\n');
    expect(readFileSync(join(work, 'dl/parent/named.txt'), 'utf8')).toBe('fixture\n');
    expect(readFileSync(join(work, 'dl/contents/deep/b.txt'), 'utf8')).toBe('b\n');
    expect(tree(join(work, 'dl-relative'))).toEqual(['hostname']);
  });

  it('JSON: the same rules through a legacy template and a user variable', async () => {
    writeFileSync(
      join(work, 'slashes.json'),
      JSON.stringify(
        {
          variables: { work: '' },
          builders: [
            {
              type: 'chroot',
              name: 'legacy',
              source_image: 'base.img',
              mount_path: '{{user `work`}}/mnt/{{.Device}}',
              output_image: 'out/legacy.img',
              copy_files: [],
            },
          ],
          provisioners: [
            { type: 'file', source: '{{user `work`}}/payload/conf/', destination: '/etc/app' },
            {
              type: 'file',
              direction: 'download',
              source: '/etc/hostname',
              destination: '{{user `work`}}/json-dl/into/',
            },
          ],
        },
        null,
        2,
      ),
    );
    const r = await build('slashes.json', ['-var', `work=${work}`]);
    expect(r.exitCode, r.all).toBe(0);
    expect(leftovers(work)).toEqual([]);
    expect(imageTree(join(work, 'out/legacy.img'), 'etc/app')).toEqual(['app.conf', 'sub/', 'sub/nested.conf']);
    expect(tree(join(work, 'json-dl'))).toEqual(['into/', 'into/hostname']);
  });
});
