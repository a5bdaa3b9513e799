/**
 * The editor and `chrootforge validate` see the same files for the same
 * directory: a real server process and the built CLI, on a directory with
 * every kind of file a configuration may have (`.pkr.hcl`, `.pkr.json`,
 * `.auto.pkrvars.hcl`, `.auto.pkrvars.json`) and one that is none of its
 * files (a legacy JSON template next to them), report the same diagnostics.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';
import { pathToUri } from '../../server/workspace/files.js';
import { CLI, LspProcess } from './support/lsp-process.js';

const FILES: Record<string, string> = {
  'a.pkr.hcl': `variable "size" {
  type = string
}

source "chroot" "x" {
  source_image   = "missing.img"
  image_size     = var.size
  mount_partiton = "1"
}

build {
  sources = ["source.chroot.x"]
}
`,
  // HCL2 in JSON syntax: part of the configuration (Packer reads it with the .pkr.hcl files); it sees a.pkr.hcl's variable.
  'b.pkr.json':
    '{"variable": {"extra": {"default": "y"}}, "locals": {"both": "${var.size}-${var.extra}-${var.sise}"}}\n',
  // Packer loads auto var files HCL first, then JSON: the JSON value wins although its name sorts first.
  'early.auto.pkrvars.json': '{"size": "2G", "undeclared": 1}\n',
  'late.auto.pkrvars.hcl': 'size = "lots"\n',
  // Its own configuration, not the directory's: its error must show in neither face's directory report.
  'legacy.json': '{"builders": [{"type": "chroot", "source_imag": "x.img"}]}\n',
};

const LANGUAGE: Record<string, string> = { hcl: 'hcl', json: 'json' };
const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

interface Seen {
  file: string;
  range: unknown;
  severity: number | undefined;
  code: string | undefined;
  message: string;
}

const sorted = (list: Seen[]): Seen[] => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let server: LspProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

it('the language server and validate report the same diagnostics for a directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-same-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const members = Object.keys(FILES).filter((n) => n !== 'legacy.json');

  const cli = await execa('node', [CLI, 'validate', '--format', 'json', dir], { cwd: dir, reject: false });
  expect(cli.exitCode, cli.stderr).toBe(1);
  const fromCli: Seen[] = (
    JSON.parse(cli.stdout) as {
      diagnostics: Array<{ file: string; range: unknown; severity: string; code: string; message: string }>;
    }
  ).diagnostics.map((d) => ({
    file: d.file.slice(dir.length + 1),
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    message: d.message,
  }));

  server = new LspProcess();
  await server.initialize(dir);
  const fromServer: Seen[] = [];
  for (const name of members) {
    const uri = pathToUri(join(dir, name));
    const published = server.diagnosticsFor(uri);
    await server.open(uri, FILES[name]!, LANGUAGE[name.slice(name.lastIndexOf('.') + 1)]);
    for (const d of (await published).diagnostics)
      fromServer.push({ file: name, range: d.range, severity: d.severity, code: d.code, message: d.message });
  }

  expect(sorted(fromServer)).toEqual(sorted(fromCli));
  // What the report holds, so the comparison cannot pass on two empty lists.
  expect(sorted(fromCli).map((d) => [d.file, d.code])).toEqual([
    ['a.pkr.hcl', 'missing-file'],
    ['a.pkr.hcl', 'unknown-field'],
    ['b.pkr.json', 'undefined-variable'],
    ['early.auto.pkrvars.json', 'undeclared-variable-value'],
  ]);
});
