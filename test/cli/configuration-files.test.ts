/**
 * `chrootforge validate PATH` reads the files Packer would read for PATH
 * (template/configuration-files.ts), and the bundled CLI pays for the HCL
 * half of the engine only when it reads HCL.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'cf-config-files-'));
const run = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, cwd: dir });

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const TEMPLATE = `variable "size" {
  type = string
}

source "chroot" "x" {
  source_image = "https://example.invalid/x.img"
  image_size   = var.size
}

build {
  sources = ["source.chroot.x"]
}
`;

describe('validate: the files of a configuration', () => {
  it('a directory is its .pkr.hcl and .pkr.json files with their auto var files, not its legacy templates', async () => {
    write('dir/main.pkr.hcl', TEMPLATE);
    write('dir/extra.pkr.json', '{"locals": {"x": "${var.size}-image"}}\n');
    // Loaded HCL first, then JSON: "2G" wins.
    write('dir/a.auto.pkrvars.json', '{"size": "2G"}\n');
    write('dir/b.auto.pkrvars.hcl', 'size = "lots"\n');
    write('dir/old.json', '{"builders": [{"type": "chroot", "source_imag": "x"}]}\n');
    write('dir/sub/ignored.pkr.hcl', 'not hcl at all {{{\n');
    const r = await run('validate', 'dir');
    expect([r.exitCode, r.stdout]).toEqual([0, '']);
  });

  it('a file named neither .pkr.hcl nor .pkr.json is a legacy JSON template, alone', async () => {
    write('alone/t.pkr.hcl', 'broken {\n');
    const legacy = write(
      'alone/t.json',
      '{"builders": [{"type": "chroot", "source_image": "https://x.invalid/a.img"}]}',
    );
    const r = await run('validate', legacy);
    expect([r.exitCode, r.stdout]).toEqual([0, '']);
  });

  it('a directory without .pkr.hcl or .pkr.json files: one line, exit 2', async () => {
    write('empty/vars.auto.pkrvars.hcl', 'size = "2G"\n');
    const r = await run('validate', 'empty');
    expect([r.exitCode, r.stderr.trim()]).toEqual([
      2,
      'chrootforge: empty: no .pkr.hcl or .pkr.json files in this directory',
    ]);
  });

  it('an HCL2 -var-file must be named .hcl or .json (Packer cannot guess its format otherwise)', async () => {
    write('vf/main.pkr.hcl', TEMPLATE);
    write('vf/values.txt', 'size = "2G"\n');
    const r = await run('validate', '-var-file', 'vf/values.txt', 'vf');
    expect([r.exitCode, r.stderr.trim()]).toEqual([
      2,
      'chrootforge: vf/values.txt: could not guess the format of this var file: its name must end in .hcl or .json',
    ]);
    write('vf/values.json', '{"size": "2G"}');
    expect((await run('validate', '-var-file', 'vf/values.json', 'vf')).exitCode).toBe(0);
  });
});

/** The bytes of the CLI's bundle a command loads (ESM loader hook). */
async function bundleBytesLoaded(...args: string[]): Promise<{ bytes: number; urls: string[] }> {
  const hook = write(
    'trace-loads.mjs',
    `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('LOAD ' + url + ' ' + statSync(fileURLToPath(url)).size + '\\\\n');
  return next(url, context);
}\`));
`,
  );
  const r = await execa('node', ['--import', pathToFileURL(hook).href, CLI, ...args], { reject: false, cwd: dir });
  const loads = [...r.stderr.matchAll(/^LOAD (\S+) (\d+)$/gm)];
  const fromCli = loads.filter((m) => m[1]!.includes('/dist/cli/'));
  return { bytes: fromCli.reduce((sum, m) => sum + Number(m[2]), 0), urls: loads.map((m) => m[1]!) };
}

describe('start-up', () => {
  it('validate on a JSON template loads no HCL parser and much less of the bundle than on HCL', async () => {
    const json = write(
      'startup/t.json',
      '{"builders": [{"type": "chroot", "source_image": "https://x.invalid/a.img"}]}',
    );
    const hcl = write('startup/t.pkr.hcl', TEMPLATE.replace('var.size', '"2G"'));
    const forJson = await bundleBytesLoaded('validate', json);
    const forHcl = await bundleBytesLoaded('validate', hcl);
    expect(forHcl.urls.some((u) => u.includes('web-tree-sitter'))).toBe(true);
    expect(forJson.urls.filter((u) => u.includes('web-tree-sitter'))).toEqual([]);
    // The HCL parser and function library are over 200 KB of the bundle (measured: 330 KB against 571 KB).
    expect(forJson.bytes).toBeLessThan(forHcl.bytes - 150_000);
  });
});
