/**
 * The chroot communicator against a real chroot (a busybox root tree):
 * quoting through command_wrapper, environment, exit codes; uploads and
 * downloads with symlink canaries aimed at host files.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChrootCommunicator } from '../../runner/communicator/chroot-communicator.js';
import { makeRootTree } from '../fixtures/runner/make-image.js';
import { missing, skipNote } from '../support/requirements.js';

describe.skipIf(missing.root())(`chroot communicator${skipNote(missing.root())}`, () => {
  let base: string;
  let root: string;
  let canary: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'cf-comm-'));
    root = join(base, 'root');
    canary = join(base, 'host-canary');
    writeFileSync(canary, 'HOST ORIGINAL');
    chmodSync(canary, 0o600);
    makeRootTree(root, {
      'etc/abs-link': { symlink: canary },
      'etc/rel-link': { symlink: `../../../../../../../..${canary}` },
    });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const run = async (comm: ChrootCommunicator, command: string): Promise<{ code: number; out: string[] }> => {
    const out: string[] = [];
    const code = await comm.start(command, { stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
    return { code, out };
  };

  it('runs inside the chroot and lets only the chroot shell expand', async () => {
    const comm = new ChrootCommunicator(root);
    const { code, out } = await run(comm, `echo "$(cat /etc/hostname)" 'it'"'"'s' \`echo tick\` $((1+2))`);
    expect(code).toBe(0);
    expect(out).toEqual(["fixture it's tick 3"]);
  });

  it('a command reading stdin gets end-of-file, not a hang', async () => {
    const comm = new ChrootCommunicator(root);
    const { code, out } = await run(comm, 'cat; read line || echo eof');
    expect(code).toBe(0);
    expect(out).toEqual(['eof']);
  });

  it('returns the exit code and passes chroot_env, not the host environment', async () => {
    process.env.CF_HOST_ONLY = 'leak';
    const comm = new ChrootCommunicator(root, '{{.Command}}', { FOO: "a 'b' $c" });
    const { code, out } = await run(comm, 'echo "[$FOO][$CF_HOST_ONLY]"; exit 7');
    expect(code).toBe(7);
    expect(out).toEqual(["[a 'b' $c][]"]);
  });

  it("chroot_env may set PATH to the image's own directories only", async () => {
    const comm = new ChrootCommunicator(root, '{{.Command}}', { PATH: '/bin' });
    const { code, out } = await run(comm, 'echo "$PATH"');
    expect(code).toBe(0);
    expect(out).toEqual(['/bin']);
  });

  it('applies command_wrapper around the quoted chroot invocation', async () => {
    const comm = new ChrootCommunicator(root, 'env WRAPPED=yes {{.Command}}');
    const { out } = await run(comm, 'echo "wrapped=$WRAPPED"');
    expect(out).toEqual(['wrapped=yes']);
  });

  it('uploads keep the file mode; stream uploads get the given mode', async () => {
    const comm = new ChrootCommunicator(root);
    const src = join(base, 'tool.sh');
    writeFileSync(src, '#!/bin/sh\necho ok\n');
    chmodSync(src, 0o750);
    await comm.upload('/usr/local/bin/tool.sh', src);
    expect(statSync(join(root, 'usr/local/bin/tool.sh')).mode & 0o7777).toBe(0o750);
    await comm.upload('/etc/motd', Readable.from(['hi\n']), 0o640);
    expect(statSync(join(root, 'etc/motd')).mode & 0o7777).toBe(0o640);
    expect((await run(comm, '/usr/local/bin/tool.sh')).out).toEqual(['ok']);
  });

  it('an upload onto absolute or relative symlinks stays in the image (canary)', async () => {
    const comm = new ChrootCommunicator(root);
    await comm.upload('/etc/abs-link', Readable.from(['via abs']));
    await comm.upload('/etc/rel-link', Readable.from(['via rel']));
    expect(readFileSync(canary, 'utf8')).toBe('HOST ORIGINAL');
    expect(statSync(canary).mode & 0o777).toBe(0o600);
    // Written where the link points when the image is the root.
    expect(readFileSync(join(root, canary), 'utf8')).toBe('via rel');
    expect(readlinkSync(join(root, 'etc/abs-link'))).toBe(canary);
  });

  it('a download through a symlink reads the image, never the host file (canary)', async () => {
    const comm = new ChrootCommunicator(root);
    rmSync(join(root, canary), { force: true });
    const dst = join(base, 'downloaded');
    await expect(comm.download('/etc/abs-link', dst)).rejects.toThrow();
    expect(existsSync(dst) ? readFileSync(dst, 'utf8') : '').not.toContain('HOST ORIGINAL');
    await comm.download('/etc/hostname', dst);
    expect(readFileSync(dst, 'utf8')).toBe('fixture\n');
  });

  it('uploadDir follows Packer: trailing slash copies contents, otherwise the directory', async () => {
    const comm = new ChrootCommunicator(root);
    const src = join(base, 'payload');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'A');
    writeFileSync(join(src, 'sub/b.txt'), 'B');
    writeFileSync(join(src, 'skip.me'), 'no');
    symlinkSync('/etc/hostname', join(src, 'link'));
    await comm.uploadDir('/opt/with', src, ['skip.me']);
    await comm.uploadDir('/opt/contents', `${src}/`);
    expect(readFileSync(join(root, 'opt/with/payload/sub/b.txt'), 'utf8')).toBe('B');
    expect(existsSync(join(root, 'opt/with/payload/skip.me'))).toBe(false);
    expect(readlinkSync(join(root, 'opt/with/payload/link'))).toBe('/etc/hostname');
    expect(readFileSync(join(root, 'opt/contents/a.txt'), 'utf8')).toBe('A');
    expect(existsSync(join(root, 'opt/contents/skip.me'))).toBe(true);
  });

  it('downloadDir copies a tree out with symlinks as symlinks', async () => {
    const comm = new ChrootCommunicator(root);
    const dst = join(base, 'out');
    await comm.downloadDir('/opt/with/payload/', dst);
    expect(readFileSync(join(dst, 'sub/b.txt'), 'utf8')).toBe('B');
    expect(lstatSync(join(dst, 'link')).isSymbolicLink()).toBe(true);
    await comm.downloadDir('/opt/with/payload', dst);
    expect(readFileSync(join(dst, 'payload/a.txt'), 'utf8')).toBe('A');
  });
});
