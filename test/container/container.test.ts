/**
 * The container image end to end, with a real Docker engine: the image is
 * built offline (over a base made with debootstrap plus the host's node),
 * builds the bundled example on loop devices from inside a container with
 * privileges, refuses clearly without them, and serves the language server
 * from `docker run -i` past the client-pid check.
 *
 * Slow the first time (base image and npm ci in docker build, about 4-6
 * minutes on 2 cores); later runs reuse the cached base and Docker's layer
 * cache. Needs root (debootstrap, loop-mounting the artifact).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionList, InitializeResult } from 'vscode-languageserver/node';
import { serverCommand } from '../../client/src/server-command.js';
import { missing, requirement, skipNote } from '../support/requirements.js';
import { containersOf, docker, dockerResult, ensureDocker, privilegedArgs, repoRoot } from './support/docker.js';
import { leaked, snapshotHost } from './support/host-resources.js';
import { StdioLspClient } from './support/lsp-client.js';

/** The offline stand-in for node:20-bookworm-slim (cached by name). */
const BASE_IMAGE = process.env.CHROOTFORGE_TEST_BASE_IMAGE ?? 'chrootforge-test/node20-bookworm:local';
const IMAGE = 'chrootforge-test/chrootforge:ci';
const MAX_GROWTH_MB = 150;
const VERSION: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
const REVISION = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();

const skipReason = missing.root() ?? missing.loop() ?? requirement('docker', ensureDocker);

describe.skipIf(skipReason)(`container image${skipNote(skipReason)}`, () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync('/tmp/cf-container-');
    execFileSync('bash', [join(repoRoot, 'test', 'container', 'make-node-base.sh'), BASE_IMAGE], {
      stdio: 'pipe',
      timeout: 600_000,
    });
    // Docker's layer cache makes a rebuild with unchanged sources a few seconds.
    docker(
      [
        'build',
        '-q',
        '--force-rm',
        '--build-arg',
        `BASE_IMAGE=${BASE_IMAGE}`,
        '--build-arg',
        `VERSION=${VERSION}`,
        '--build-arg',
        `REVISION=${REVISION}`,
        '-t',
        IMAGE,
        repoRoot,
      ],
      { timeout: 900_000 },
    );
  }, 1_500_000);

  afterAll(() => {
    for (const id of containersOf(IMAGE)) dockerResult(['rm', '-f', id]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the image', () => {
    it(`adds at most ${MAX_GROWTH_MB} MB to its base`, () => {
      const size = (image: string): number => Number(docker(['image', 'inspect', '-f', '{{.Size}}', image]).trim());
      const growth = (size(IMAGE) - size(BASE_IMAGE)) / 1e6;
      expect(growth).toBeGreaterThan(0);
      expect(growth).toBeLessThanOrEqual(MAX_GROWTH_MB);
    });

    it('has the entry point chrootforge, OCI labels and the tools the runner drives', () => {
      const config = JSON.parse(docker(['image', 'inspect', '-f', '{{json .Config}}', IMAGE]));
      expect(config.Entrypoint).toEqual(['chrootforge']);
      expect(config.Labels['org.opencontainers.image.title']).toBe('chrootforge');
      expect(config.Labels['org.opencontainers.image.licenses']).toBe('MPL-2.0');
      expect(config.Labels['org.opencontainers.image.version']).toBe(VERSION);
      expect(config.Labels['org.opencontainers.image.revision']).toBe(REVISION);
      const tools = [
        'losetup',
        'partx',
        'flock',
        'mount',
        'umount',
        'sfdisk',
        'parted',
        'mkfs.ext4',
        'resize2fs',
        'e2fsck',
        'mkfs.vfat',
        'qemu-img',
        'xz',
        'zstd',
        'fuser',
        'tar',
        'gzip',
        'chroot',
        'setpriv',
      ];
      const out = docker([
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        IMAGE,
        '-c',
        `for t in ${tools.join(' ')}; do command -v $t >/dev/null || echo "missing $t"; done; ls /usr/bin | grep -c '^qemu-.*-static$'; qemu-aarch64-static --version | head -1; qemu-arm-static --version | head -1; test -s /etc/ssl/certs/ca-certificates.crt && echo certs`,
      ]);
      expect(out).not.toMatch(/missing/);
      // Exactly the two interpreters, not the whole qemu-user-static package.
      expect(out.split('\n')[0]).toBe('2');
      expect(out).toMatch(/qemu-aarch64 version \d/);
      expect(out).toMatch(/qemu-arm version \d/);
      expect(out).toContain('certs');
    });

    it('runs the CLI: --version and validate of the example (read-only mount, no network)', () => {
      expect(docker(['run', '--rm', IMAGE, '--version']).trim()).toBe(VERSION);
      const examples = join(repoRoot, 'examples');
      const r = dockerResult([
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${examples}:${examples}:ro`,
        '-w',
        examples,
        IMAGE,
        'validate',
        'busybox.pkr.hcl',
      ]);
      // A missing base.img is at most a warning in validation.
      expect(r.status, r.stderr).toBe(0);
    });
  });

  describe('build in a container', () => {
    let ws: string;

    beforeAll(() => {
      ws = join(work, 'example');
      mkdirSync(ws);
      for (const entry of ['busybox.pkr.hcl', 'files', 'scripts'])
        cpSync(join(repoRoot, 'examples', entry), join(ws, entry), { recursive: true });
      execFileSync('bash', [join(repoRoot, 'examples', 'make-base-image.sh'), join(ws, 'base.img')], {
        stdio: 'pipe',
        timeout: 120_000,
      });
    }, 180_000);

    it('without privileges, refuses and names the fix (--privileged -v /dev:/dev)', () => {
      const r = dockerResult(['run', '--rm', '-v', `${ws}:${ws}`, '-w', ws, IMAGE, 'build', 'busybox.pkr.hcl']);
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toContain('--privileged -v /dev:/dev');
      expect(existsSync(join(ws, 'output', 'busybox.img'))).toBe(false);
    });

    it('with the host /dev but no privileges, refuses and names the fix', () => {
      const before = snapshotHost();
      const r = dockerResult([
        'run',
        '--rm',
        '-v',
        '/dev:/dev',
        '-v',
        `${ws}:${ws}`,
        '-w',
        ws,
        IMAGE,
        'build',
        'busybox.pkr.hcl',
      ]);
      expect(r.status).not.toBe(0);
      expect(leaked(before, snapshotHost(), (p) => p.startsWith(ws))).toEqual([]);
      expect(existsSync(join(ws, 'output', 'busybox.img'))).toBe(false);
      expect(r.stderr + r.stdout).toContain('--privileged');
    });

    it('with loop devices allowed but mount refused (no CAP_SYS_ADMIN), refuses, names the fix and detaches what it attached', () => {
      const before = snapshotHost();
      const r = dockerResult([
        'run',
        '--rm',
        '--device-cgroup-rule',
        'b *:* rwm',
        '--device-cgroup-rule',
        'c *:* rwm',
        '-v',
        '/dev:/dev',
        '-v',
        `${ws}:${ws}`,
        '-w',
        ws,
        IMAGE,
        'build',
        'busybox.pkr.hcl',
      ]);
      expect(r.status).not.toBe(0);
      expect(leaked(before, snapshotHost(), (p) => p.startsWith(ws))).toEqual([]);
      expect(existsSync(join(ws, 'output', 'busybox.img'))).toBe(false);
      expect(r.stderr + r.stdout).toContain('--privileged');
    });

    it('with privileges, a qemu_binary no binfmt_misc entry uses: the error says to register it on the host (not apt-get in the container); nothing left', () => {
      const qws = join(work, 'qemu');
      mkdirSync(qws);
      execFileSync('cp', ['--sparse=always', join(ws, 'base.img'), join(qws, 'base.img')]);
      writeFileSync(
        join(qws, 'qemu.pkr.hcl'),
        [
          'source "chroot" "foreign" {',
          '  source_image    = "${path.root}/base.img"',
          '  source_checksum = "none"',
          '  mount_partition = "2"',
          '  qemu_binary     = "qemu-nonexistent-static"',
          '  output_image    = "${path.root}/output/foreign.img"',
          '}',
          'build {',
          '  sources = ["source.chroot.foreign"]',
          '  provisioner "shell" {',
          '    inline = ["true"]',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const before = snapshotHost();
      const r = dockerResult(
        [
          'run',
          '--rm',
          ...privilegedArgs(IMAGE),
          '-v',
          '/dev:/dev',
          '-v',
          `${qws}:${qws}`,
          '-w',
          qws,
          IMAGE,
          'build',
          'qemu.pkr.hcl',
        ],
        300_000,
      );
      const out = r.stdout + r.stderr;
      expect(r.status, out).not.toBe(0);
      expect(out).toMatch(/qemu_binary qemu-nonexistent-static: no binfmt_misc entry uses it/);
      expect(out).toMatch(/runs in a container/);
      expect(out).toContain('docker run --privileged --rm tonistiigi/binfmt --install all');
      expect(out).toContain('apt-get install qemu-user-static on the host');
      expect(out).not.toContain('binfmt-support');
      expect(leaked(before, snapshotHost(), (p) => p.startsWith(qws) || p.startsWith('/mnt/chrootforge'))).toEqual([]);
      expect(existsSync(join(qws, 'output', 'foreign.img'))).toBe(false);
    }, 300_000);

    it('with privileges and -v /dev:/dev, builds the example; the artifact has what the provisioners wrote; nothing is left on the host', () => {
      const before = snapshotHost();
      const privileged = privilegedArgs(IMAGE);
      const r = dockerResult(
        [
          'run',
          '--rm',
          ...privileged,
          '-v',
          '/dev:/dev',
          '-v',
          `${ws}:${ws}`,
          '-w',
          ws,
          IMAGE,
          'build',
          'busybox.pkr.hcl',
        ],
        600_000,
      );
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('the image root was mounted at');
      expect(containersOf(IMAGE)).toEqual([]);
      const after = snapshotHost();
      expect(leaked(before, after, (p) => p.startsWith(ws) || p.startsWith('/mnt/chrootforge'))).toEqual([]);

      const artifact = join(ws, 'output', 'busybox.img');
      expect(statSync(artifact).size).toBe(128 * 1024 * 1024);
      const sums = readFileSync(join(ws, 'output', 'busybox.img.sha256'), 'utf8');
      expect(sums).toContain(execFileSync('sha256sum', [artifact], { encoding: 'utf8' }).split(' ')[0]);
      expect(JSON.parse(readFileSync(join(ws, 'output', 'packer-manifest.json'), 'utf8')).builds).toHaveLength(1);

      const root = readPartition(artifact, 2, (dir) => ({
        hostname: readFileSync(join(dir, 'etc/hostname'), 'utf8'),
        motd: readFileSync(join(dir, 'etc/motd'), 'utf8'),
        greeting: readFileSync(join(dir, 'etc/chrootforge/greeting'), 'utf8'),
        passwd: readFileSync(join(dir, 'etc/passwd'), 'utf8'),
        demoHome: statSync(join(dir, 'home/demo')).uid,
        resolvIsLink: lstatSync(join(dir, 'etc/resolv.conf')).isSymbolicLink(),
        resolvTarget: readlinkSync(join(dir, 'etc/resolv.conf')),
      }));
      expect(root.hostname).toBe('chrootforge-example\n');
      expect(root.motd).toBe(readFileSync(join(repoRoot, 'examples', 'files', 'motd'), 'utf8'));
      expect(root.greeting).toBe('hello from chrootforge\n');
      expect(root.passwd).toMatch(/^demo:x:1000:1000:/m);
      expect(root.demoHome).toBe(1000);
      // copy_files replaced the image's resolv.conf symlink for the build and put it back.
      expect(root.resolvIsLink).toBe(true);
      expect(root.resolvTarget).toBe('../run/systemd/resolve/stub-resolv.conf');
      const boot = readPartition(artifact, 1, (dir) => readFileSync(join(dir, 'config.txt'), 'utf8'));
      expect(boot).toBe('arm_64bit=1\n');
      expect(leaked(after, snapshotHost(), (p) => p.startsWith(work))).toEqual([]);
    }, 600_000);
  });

  describe('language server in a container', () => {
    let client: StdioLspClient | undefined;
    afterAll(() => client?.kill());

    it('serves initialize, keeps serving 10 s past the client-pid check, publishes diagnostics, completes, shuts down', async () => {
      const ws = join(work, 'lsp-ws');
      mkdirSync(ws);
      const text = [
        'source "chroot" "x" {',
        '  source_image    = "base.img"',
        '  source_checksum = "none"',
        '  mount_pathh     = "/mnt/x"',
        '  ',
        '}',
        '',
        'build {',
        '  sources = ["source.chroot.x"]',
        '}',
        '',
      ].join('\n');
      const file = join(ws, 'main.pkr.hcl');
      writeFileSync(file, text);
      const uri = pathToFileURL(file).href;

      // The command line the VS Code client builds in docker mode, as documented.
      const line = serverCommand(
        { mode: 'docker', nodePath: 'node', cliPath: '', image: IMAGE, extraArgs: [], dockerPath: 'docker' },
        [ws],
      );
      expect(line.args).toEqual([
        'run',
        '-i',
        '--rm',
        '--network',
        'none',
        '-v',
        `${ws}:${ws}:ro`,
        '-w',
        ws,
        IMAGE,
        'lsp',
        '--stdio',
      ]);
      client = new StdioLspClient(line.command, line.args);
      const init = await client.request<InitializeResult>(
        'initialize',
        {
          // The host's pid: invisible inside the container's pid namespace.
          processId: process.pid,
          rootUri: pathToFileURL(ws).href,
          workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
          capabilities: {
            textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } },
            workspace: { configuration: true },
          },
        },
        60_000,
      );
      expect(init.capabilities.completionProvider).toEqual({
        triggerCharacters: ['.', '"', '{', '/', ' ', '=', '`'],
        resolveProvider: false,
      });
      await client.notify('initialized', {});

      // The server runs as the unprivileged user, not root.
      const running = containersOf(IMAGE);
      expect(running, 'one container of the image runs').toHaveLength(1);
      const top = docker(['top', running[0]!, '-o', 'pid,user,args']);
      expect(top).toMatch(/^\d+\s+(chrootf\S*|10001)\s+.*lsp --stdio/m);
      expect(top.split('\n').filter((l) => /lsp --stdio/.test(l) && /^\d+\s+root\s/.test(l))).toEqual([]);

      // vscode-languageserver polls the client pid every 3 s and would exit.
      await new Promise((r) => setTimeout(r, 10_000));
      expect(client.running, client.stderr.join('')).toBe(true);

      const diagnostics = client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'packer', version: 1, text } });
      const published = await diagnostics;
      const unknown = published.diagnostics.find((d) => d.message.includes('mount_pathh'));
      expect(unknown, JSON.stringify(published.diagnostics)).toMatchObject({
        range: { start: { line: 3, character: 2 } },
        code: 'unknown-field',
      });

      const completion = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 4, character: 2 },
      });
      const labels = completion.items.map((i) => i.label);
      expect(labels).toContain('mount_partition');

      expect(await client.request('shutdown', null)).toBeNull();
      await client.notify('exit', null);
      const exit = await Promise.race([client.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
      expect(exit).toEqual({ code: 0, signal: null });
      // --rm: the container is gone.
      await new Promise((r) => setTimeout(r, 1000));
      expect(containersOf(IMAGE)).toEqual([]);
    }, 180_000);
  });
});

/**
 * Mounts partition `n` of a raw disk image read-only on the host (an offset
 * loop device: works on kernels that do not make partition nodes), calls
 * `read` with the mount point, and always unmounts and detaches.
 */
function readPartition<T>(image: string, n: number, read: (dir: string) => T): T {
  const table = JSON.parse(execFileSync('sfdisk', ['--json', image], { encoding: 'utf8' })) as {
    partitiontable: { partitions: Array<{ start: number; size: number }>; sectorsize?: number };
  };
  const part = table.partitiontable.partitions[n - 1];
  if (!part) throw new Error(`${image} has no partition ${n}`);
  const sector = table.partitiontable.sectorsize ?? 512;
  const device = execFileSync(
    'losetup',
    [
      '--find',
      '--show',
      '--read-only',
      '--offset',
      String(part.start * sector),
      '--sizelimit',
      String(part.size * sector),
      image,
    ],
    { encoding: 'utf8' },
  ).trim();
  const dir = mkdtempSync('/tmp/cf-artifact-');
  try {
    execFileSync('mount', ['-o', 'ro', device, dir]);
    try {
      return read(dir);
    } finally {
      execFileSync('umount', [dir]);
    }
  } finally {
    execFileSync('losetup', ['-d', device]);
    rmSync(dir, { recursive: true, force: true });
  }
}
