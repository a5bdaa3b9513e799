/**
 * `chrootforge fmt` end to end, through the built CLI (npm test builds
 * first): exit codes, -check, -diff, -write=false, -recursive, stdin,
 * atomic writes that keep the mode, and one-line errors.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipNote } from '../support/requirements.js';
import { packerMissing } from './packer-reference.js';

const cli = join(import.meta.dirname, '../../dist/cli/main.js');
const BAD = 'locals {\n  a    = 1\n  bb = "x"\n}\n';
const GOOD = 'locals {\n  a  = 1\n  bb = "x"\n}\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cf-fmt-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fmt = (args: string[], input?: string) =>
  execa('node', [cli, 'fmt', ...args], { cwd: dir, reject: false, ...(input !== undefined ? { input } : {}) });
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return name;
};
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at /);

describe('chrootforge fmt', () => {
  it('-check exits 3 and names the file that needs formatting, changing nothing', async () => {
    file('a.pkr.hcl', BAD);
    file('b.pkr.hcl', GOOD);
    const r = await fmt(['-check', '.']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('a.pkr.hcl');
    expect(read('a.pkr.hcl')).toBe(BAD);
  });

  it('-check exits 0 when everything is formatted; --check is accepted too', async () => {
    file('b.pkr.hcl', GOOD);
    expect((await fmt(['-check', 'b.pkr.hcl'])).exitCode).toBe(0);
    expect((await fmt(['--check', 'b.pkr.hcl'])).exitCode).toBe(0);
  });

  it('writes the file in place, prints its name and keeps its mode', async () => {
    file('a.pkr.hcl', BAD);
    chmodSync(join(dir, 'a.pkr.hcl'), 0o640);
    const r = await fmt(['a.pkr.hcl']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('a.pkr.hcl');
    expect(read('a.pkr.hcl')).toBe(GOOD);
    expect(statSync(join(dir, 'a.pkr.hcl')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.pkr.hcl']); // no temporary file left behind
  });

  it('formats a symlinked template through the link, which stays a link', async () => {
    file('real/t.pkr.hcl', BAD);
    mkdirSync(join(dir, 'conf'));
    symlinkSync(join(dir, 'real/t.pkr.hcl'), join(dir, 'conf/link.pkr.hcl'));
    const r = await fmt(['conf']);
    expect(r.stdout).toBe('conf/link.pkr.hcl');
    expect(lstatSync(join(dir, 'conf/link.pkr.hcl')).isSymbolicLink()).toBe(true);
    expect(read('real/t.pkr.hcl')).toBe(GOOD);
  });

  it('-write=false prints the formatted text and leaves the file alone', async () => {
    file('a.pkr.hcl', BAD);
    const r = await fmt(['-write=false', 'a.pkr.hcl']);
    expect(r.exitCode).toBe(0);
    expect(`${r.stdout}\n`).toBe(GOOD);
    expect(read('a.pkr.hcl')).toBe(BAD);
  });

  it('-diff prints a unified diff', async () => {
    file('a.pkr.hcl', BAD);
    const r = await fmt(['-diff', '-write=false', 'a.pkr.hcl']);
    expect(r.stdout).toBe(
      'a.pkr.hcl\n--- old/a.pkr.hcl\n+++ new/a.pkr.hcl\n@@ -1,4 +1,4 @@\n locals {\n-  a    = 1\n+  a  = 1\n   bb = "x"\n }',
    );
    expect(read('a.pkr.hcl')).toBe(BAD);
  });

  it('-diff without a diff program on PATH prints the same diff from its own implementation', async () => {
    file('a.pkr.hcl', BAD);
    const withDiff = await fmt(['-diff', '-write=false', 'a.pkr.hcl']);
    const bare = await execa(process.execPath, [cli, 'fmt', '-diff', '-write=false', 'a.pkr.hcl'], {
      cwd: dir,
      reject: false,
      extendEnv: false,
      env: { PATH: join(dir, 'no-such-bin') },
    });
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toBe(withDiff.stdout);
  });

  const reason = packerMissing();
  it.skipIf(reason)(`-diff output equals packer fmt -diff${skipNote(reason)}`, async () => {
    file('a.pkr.hcl', 'source "chroot" "x" {\n\tsource_image="a.img"\n  mount_partition = "2" # root\n}\n');
    const ours = await fmt(['-diff', '-write=false', 'a.pkr.hcl']);
    const theirs = await execa('packer', ['fmt', '-diff', '-write=false', 'a.pkr.hcl'], { cwd: dir, reject: false });
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it.skipIf(reason)(
    `-diff over the whole corpus directory prints what packer fmt -diff prints${skipNote(reason)}`,
    async () => {
      const corpus = join(import.meta.dirname, '../fixtures/fmt/input');
      for (const name of readdirSync(corpus)) file(`corpus/${name}`, readFileSync(join(corpus, name), 'utf8'));
      const ours = await fmt(['-diff', '-write=false', 'corpus']);
      const theirs = await execa('packer', ['fmt', '-diff', '-write=false', 'corpus'], { cwd: dir, reject: false });
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout.split('\n').filter((l) => l.startsWith('@@')).length).toBeGreaterThan(72);
      expect(ours.stdout).toBe(theirs.stdout);
    },
  );

  it('formats only the top directory unless -recursive, in packer order, skipping hidden and backup files', async () => {
    file('top.pkr.hcl', BAD);
    file('a.pkr.hcl', BAD);
    file('a.pkrvars.hcl', 'x    = 1\n');
    file('sub/deep.pkrvars.hcl', 'x    = 1\n');
    file('sub/ignored.hcl', 'x    = 1\n');
    file('notes.txt', 'x    = 1\n');
    file('.hidden/h.pkr.hcl', BAD);
    file('.h.pkr.hcl', BAD);
    file('t.pkr.hcl~', BAD);
    expect((await fmt(['-check', '.'])).stdout).toBe('a.pkr.hcl\ntop.pkr.hcl\na.pkrvars.hcl');
    const r = await fmt(['-check', '-recursive', '.']);
    expect(r.stdout.split('\n')).toEqual(['a.pkr.hcl', 'top.pkr.hcl', 'a.pkrvars.hcl', 'sub/deep.pkrvars.hcl']);
    await fmt(['-recursive', '.']);
    expect(read('sub/deep.pkrvars.hcl')).toBe('x = 1\n');
    expect(read('sub/ignored.hcl')).toBe('x    = 1\n');
  });

  it('formats standard input to standard output with -', async () => {
    const r = await fmt(['-'], BAD);
    expect(r.exitCode).toBe(0);
    expect(`${r.stdout}\n`).toBe(GOOD);
    expect((await fmt(['-check', '-'], BAD)).exitCode).toBe(3);
    expect((await fmt(['-check', '-'], GOOD)).exitCode).toBe(0);
  });

  it('stops quietly when the reader of its output goes away', async () => {
    file('big.pkr.hcl', BAD.repeat(20_000).replace(/locals/g, 'variable "v" { default = 1 }\nlocals'));
    const r = await execa('sh', ['-c', `"${process.execPath}" "${cli}" fmt -write=false big.pkr.hcl | head -c 10`], {
      cwd: dir,
      reject: false,
    });
    expect(r.stdout).toBe('variable "');
    expect(r.stderr).toBe('');
  });

  it('a missing path: one line, exit 2, no stack trace', async () => {
    const r = await fmt(['nope.pkr.hcl']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('nope.pkr.hcl: cannot read: no such file or directory');
    noStack(r.stderr);
  });

  it('a syntax error: file:line:col: message, exit 1 as packer fmt, file untouched', async () => {
    file('bad.pkr.hcl', 'locals {\n  a = 1 b = 2\n}\n');
    const r = await fmt(['bad.pkr.hcl']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^bad\.pkr\.hcl:2:9: Missing newline after argument/);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(read('bad.pkr.hcl')).toBe('locals {\n  a = 1 b = 2\n}\n');
    noStack(r.stderr);
  });

  it('a syntax error outranks -check: exit 1 when another file needs formatting; stdin too', async () => {
    file('bad.pkr.hcl', 'a = = 1\n');
    file('ugly.pkr.hcl', BAD);
    const r = await fmt(['-check', 'ugly.pkr.hcl', 'bad.pkr.hcl']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('ugly.pkr.hcl');
    expect(r.stderr).toMatch(/^bad\.pkr\.hcl:1:5: /);
    const stdin = await fmt(['-'], 'a = = 1\n');
    expect(stdin.exitCode).toBe(1);
    expect(stdin.stderr).toMatch(/^<stdin>:1:5: /);
  });

  it('an I/O error outranks a syntax error: exit 2', async () => {
    file('bad.pkr.hcl', 'a = = 1\n');
    expect((await fmt(['bad.pkr.hcl', 'missing.pkr.hcl'])).exitCode).toBe(2);
  });

  it.skipIf(packerMissing())(
    `exit status equals packer fmt's for a syntax error, with and without -check${skipNote(packerMissing())}`,
    async () => {
      file('bad.pkr.hcl', 'source "null" "x" {\n  a = \n}\n');
      for (const args of [['bad.pkr.hcl'], ['-check', 'bad.pkr.hcl'], ['-write=false', 'bad.pkr.hcl']]) {
        const theirs = await execa('packer', ['fmt', ...args], { cwd: dir, reject: false });
        const ours = await fmt(args);
        expect({ args, exitCode: ours.exitCode }).toEqual({ args, exitCode: theirs.exitCode });
      }
    },
  );

  it('still formats the other files when one is broken, and exits 1', async () => {
    file('bad.pkr.hcl', 'a = = 1\n');
    file('good.pkr.hcl', BAD);
    const r = await fmt(['.']);
    expect(r.exitCode).toBe(1);
    expect(read('good.pkr.hcl')).toBe(GOOD);
  });

  it('rejects an explicitly named non-template file, an unknown flag and a missing PATH with exit 2', async () => {
    file('x.hcl', 'a = 1\n');
    for (const args of [['x.hcl'], ['-bogus', '.'], [], ['-write=maybe', '.']]) {
      const r = await fmt(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      noStack(r.stderr);
    }
  });

  it('refuses invalid UTF-8 as packer fmt does (exit 1), naming where it starts', async () => {
    writeFileSync(join(dir, 'bin.pkr.hcl'), Buffer.from([0x61, 0x0a, 0x61, 0x20, 0x3d, 0x20, 0xff, 0x0a]));
    const r = await fmt(['bin.pkr.hcl']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'bin.pkr.hcl:2:5: Invalid character encoding: the file is not valid UTF-8; HCL files must be UTF-8 encoded.',
    );
  });
});
