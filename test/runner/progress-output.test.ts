/**
 * Progress a person can follow, from real builds: a gzip-compressed source
 * served slowly over HTTP (download for about three seconds), decompressed
 * into the working image, written out as qcow2. Captured as a pipe (CI),
 * the output has plain periodic lines; under a pseudo-terminal (`script`
 * from util-linux) a bar redrawn in place and each build in its colour;
 * with -machine-readable, Packer's CSV that parses back, progress as
 * `ui,message` lines. Two sources of one URL download it once. As root,
 * on loop devices.
 */
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../fixtures/runner/compiled.js';
import { forceRelease, leftovers } from '../fixtures/runner/leaks.js';
import { makeFixtureImage } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

const ESC = '\u001b';
/** The download is sent in this many pieces, PIECE_MS apart. */
const PIECES = 20;
const PIECE_MS = 150;

const need = missing.loop() ?? missing.tool('script');

describe.skipIf(need)(`progress output of real builds${skipNote(need)}`, () => {
  let dir: string;
  let dist: string;
  let server: Server;
  let runs = 0;
  let gz: Buffer;
  /** Requests the server has had. */
  let requests = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cf-progress-'));
    chmodSync(dir, 0o755);
    dist = compileProject();
    makeFixtureImage(join(dir, 'base.img'));
    gz = gzipSync(readFileSync(join(dir, 'base.img')));
    // Serves base.img.gz slowly: a download that lasts about PIECES × PIECE_MS.
    server = createServer(async (_req, res) => {
      requests++;
      res.writeHead(200, { 'content-length': String(gz.length), 'content-type': 'application/octet-stream' });
      const piece = Math.ceil(gz.length / PIECES);
      for (let at = 0; at < gz.length; at += piece) {
        if (!res.write(gz.subarray(at, at + piece))) await new Promise((resolve) => res.once('drain', resolve));
        await new Promise((resolve) => setTimeout(resolve, PIECE_MS));
      }
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    forceRelease(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  });

  /**
   * A template downloading the slow source (in each of `sources`); a fresh
   * cache per run, so every run downloads.
   */
  function template(sources = ['one']): { file: string; env: Record<string, string> } {
    const n = ++runs;
    const address = server.address() as { port: number };
    const sha = createHash('sha256').update(gz).digest('hex');
    const file = join(dir, `t${n}.pkr.hcl`);
    const source = (name: string): string => `source "chroot" "${name}" {
  source_image    = "http://127.0.0.1:${address.port}/base.img.gz"
  source_checksum = "sha256:${sha}"
  mount_path      = "${dir}/mnt/{{.Device}}"
  output_image    = "out-${n}/${name}.qcow2"
  output_format   = "qcow2"
  copy_files      = []
}
`;
    writeFileSync(
      file,
      `${sources.map(source).join('\n')}
build {
  sources = ${JSON.stringify(sources.map((s) => `source.chroot.${s}`))}
  provisioner "shell" {
    inline = ["echo provisioned"]
  }
}
`,
    );
    return {
      file,
      env: { CHROOTFORGE_STATE_DIR: join(dir, 'state'), CHROOTFORGE_CACHE_DIR: join(dir, `cache-${n}`) },
    };
  }

  it('captured as a pipe: plain periodic lines with bytes, rate and ETA, and closing lines', async () => {
    const { file, env } = template();
    const r = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', file], {
      cwd: dir,
      env,
      reject: false,
      all: true,
    });
    expect(r.exitCode, r.all).toBe(0);
    const periodic = r.stdout
      .split('\n')
      .filter((l) => /^ {4}chroot\.one: Downloading: \d+% \(.* of .*\), .*\/s, ETA \d/.test(l));
    // About 3 s of download: a line per second at most, at least two of them.
    expect(periodic.length, r.stdout).toBeGreaterThanOrEqual(2);
    expect(periodic.length, r.stdout).toBeLessThanOrEqual(5);
    expect(r.stdout).toMatch(/^ {4}chroot\.one: Downloading: done, .* in [\d.]+s \(.*\/s\)$/m);
    expect(r.stdout).toMatch(/^ {4}chroot\.one: Decompressing the source image \(gz\): done, /m);
    expect(r.stdout).toMatch(/^ {4}chroot\.one: Writing the qcow2 artifact: done, 24\.0 MiB in /m);
    expect(r.all).not.toContain(ESC);
    expect(r.all).not.toContain('\r');
    expect(leftovers(dir)).toEqual([]);
  });

  it('two sources of one URL built at once: one download, both built from it', async () => {
    const { file, env } = template(['one', 'two']);
    const before = requests;
    const r = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', file], {
      cwd: dir,
      env,
      reject: false,
      all: true,
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(requests - before).toBe(1);
    expect(r.stdout).toMatch(/^ {4}chroot\.(one|two): Waiting for another build's download of http:/m);
    expect(r.stdout.match(/^ {4}chroot\.(one|two): Downloading: done, /gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/^--> chroot\.one: .*\/one\.qcow2$/m);
    expect(r.stdout).toMatch(/^--> chroot\.two: .*\/two\.qcow2$/m);
    expect(leftovers(dir)).toEqual([]);
  });

  it('under a pseudo-terminal: a bar redrawn in place, the build in its colour', async () => {
    const { file, env } = template();
    // script's terminal has no size: give it one, as a person's has.
    const command = `stty cols 160 rows 40; exec ${[process.execPath, join(dist, 'cli/main.js'), 'build', file].map((a) => `'${a}'`).join(' ')}`;
    const r = await execa('script', ['-qfec', command, '/dev/null'], {
      cwd: dir,
      env: { ...env, TERM: 'xterm', NO_COLOR: '' },
      reject: false,
      stdin: 'ignore',
    });
    expect(r.exitCode, r.stdout).toBe(0);
    const text = r.stdout;
    // Packer's colours: the build's own (green for the first), bold for steps.
    expect(text).toContain(`${ESC}[1;32m==> chroot.one: Fetching the source image`);
    expect(text).toContain(`${ESC}[1;32mchroot.one: output will be in this color.`);
    // A bar: fraction, bytes of total, rate, ETA.
    expect(text).toMatch(
      /chroot\.one: Downloading \[=*>? *\] +\d+% [\d.]+ [KM]iB\/[\d.]+ [KM]iB [\d.]+ [KMG]?i?B\/s( ETA \d+s)?/,
    );
    // Redrawn in place: erased (back to the line start, clear to the end) and drawn again, several times.
    const redraws = text.split(`\r${ESC}[J`).length - 1;
    expect(redraws, text).toBeGreaterThanOrEqual(5);
    // The bar never reaches the log: what stays on screen is the closing line.
    expect(text).toMatch(/chroot\.one: Downloading: done, /);
    expect(leftovers(dir)).toEqual([]);
  });

  it("-machine-readable: Packer's CSV that parses back, progress as ui,message lines", async () => {
    const { file, env } = template();
    const r = await execa(process.execPath, [join(dist, 'cli/main.js'), 'build', '-machine-readable', file], {
      cwd: dir,
      env,
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        // timestamp,target,type,data…; a comma inside data is %!(PACKER_COMMA), a newline \n.
        const [stamp, target, type, ...data] = line.split(',');
        expect(line).toMatch(/^\d{10},[^,]*,[a-z-]+(,|$)/);
        expect(Math.abs(Number(stamp) - Date.now() / 1000)).toBeLessThan(600);
        return {
          target,
          type,
          data: data.map((d) =>
            d
              .replace(/%!\(PACKER_COMMA\)/g, ',')
              .replace(/\\n/g, '\n')
              .replace(/\\r/g, '\r'),
          ),
        };
      });
    const ui = events.filter((e) => e.type === 'ui');
    // As Packer: ui lines carry no target; their text names the build.
    for (const e of ui) {
      expect(e.target).toBe('');
      expect(['say', 'message', 'error']).toContain(e.data[0]);
    }
    const progress = ui.filter((e) => e.data[0] === 'message' && /chroot\.one: Downloading: \d+% /.test(e.data[1]!));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]!.data[1]).toMatch(/^ {4}chroot\.one: Downloading: \d+% \(.* of .*\), .*\/s, ETA \d/);
    expect(ui.some((e) => /^ {4}chroot\.one: Downloading: done, /.test(e.data[1]!))).toBe(true);
    expect(ui.some((e) => e.data[0] === 'say' && e.data[1]!.startsWith('\n==> Wait completed after '))).toBe(true);
    const artifact = events.filter((e) => e.target === 'chroot.one' && e.type === 'artifact');
    expect(artifact.map((e) => e.data.slice(1, 2)[0])).toEqual([
      'builder-id',
      'id',
      'string',
      'files-count',
      'file',
      'end',
    ]);
    expect(artifact.find((e) => e.data[1] === 'file')!.data[3]).toMatch(/out-\d+\/one\.qcow2$/);
    expect(events.some((e) => e.target === 'chroot.one' && e.type === 'artifact-count' && e.data[0] === '1')).toBe(
      true,
    );
    expect(r.stdout).not.toContain(ESC);
    expect(leftovers(dir)).toEqual([]);
  });
});
