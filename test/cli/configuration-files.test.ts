/**
 * `chrootforge validate PATH` reads the files Packer would read for PATH
 * (template/configuration-files.ts), and the bundled CLI pays for the HCL
 * parser only when it reads HCL and starts from its code cache.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * What a CLI process resolves through require (modules, the wasm files) and
 * whether V8 took the code cache: a preload logs both on
 * stderr (cli/launch.ts compiles the bundle with node:vm's Script).
 */
async function startUp(...args: string[]): Promise<{ requests: string[]; cache: string[]; exitCode?: number }> {
  const hook = write(
    'trace-start-up.cjs',
    `const Module = require('node:module');
const vm = require('node:vm');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  process.stderr.write('REQUIRE ' + request + '\\n');
  return resolve.call(this, request, ...rest);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    if (options && options.cachedData) process.stderr.write('CACHE ' + (this.cachedDataRejected ? 'rejected' : 'taken') + '\\n');
    else process.stderr.write('CACHE none\\n');
  }
};
Module.syncBuiltinESMExports();
`,
  );
  const r = await execa('node', ['--require', hook, CLI, ...args], { reject: false, cwd: dir });
  return {
    requests: [...r.stderr.matchAll(/^REQUIRE (\S+)$/gm)].map((m) => m[1]!),
    cache: [...r.stderr.matchAll(/^CACHE (\S+)$/gm)].map((m) => m[1]!),
    exitCode: r.exitCode,
  };
}

describe('start-up', () => {
  const json = () =>
    write('startup/t.json', '{"builders": [{"type": "chroot", "source_image": "https://x.invalid/a.img"}]}');
  const hcl = () => write('startup/t.pkr.hcl', TEMPLATE.replace('var.size', '"2G"'));

  it('validate on a JSON template loads no HCL parser; on HCL it does', async () => {
    const forJson = await startUp('validate', json());
    const forHcl = await startUp('validate', hcl());
    // Analysed, not crashed (the HCL template's unset variable is a finding: exit 1).
    expect([forJson.exitCode, forHcl.exitCode]).toEqual([0, 1]);
    const wasm = ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'];
    for (const file of wasm) {
      expect(forHcl.requests).toContain(file);
      expect(forJson.requests).not.toContain(file);
    }
  });

  it('the CLI is compiled from the code cache npm run build made, for JSON and HCL alike', async () => {
    // A cache V8 rejects (another Node, other flags, a stale build) costs ~70 ms of every start.
    expect((await startUp('validate', json())).cache).toEqual(['taken']);
    expect((await startUp('validate', hcl())).cache).toEqual(['taken']);
  });
});
