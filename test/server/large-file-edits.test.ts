/**
 * Edits to a large template, through a real server process: the server
 * re-parses only the chunks an edit touched (template/hcl/parse-hcl.ts,
 * the previous parse lent by the workspace), and after every kind of edit
 * (inside a line, a line added above everything, a syntax error and its
 * fix, a block appended) its diagnostics are exactly those of
 * `chrootforge validate` on the same text, which parses it afresh.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';
import { pathToUri } from '../../server/workspace/files.js';
import { CLI, LspProcess, type PublishedDiagnostics } from './support/lsp-process.js';

/** About 130 KB: sources with a misspelt field every 50th, and a build larger than one parse chunk. */
function largeTemplate(): string {
  const parts: string[] = [];
  for (let i = 0; i < 350; i++) {
    parts.push(`source "chroot" "s${i}" {
  source_image    = "https://example.com/s${i}.img"
  source_checksum = "none"
  ${i % 50 === 7 ? 'mount_partiton' : 'mount_partition'} = "1"
  mount_path      = "/mnt/chrootforge/{{.Device}}"
  output_image    = "out/s${i}.img"
}

`);
  }
  parts.push('build {\n  sources = ["source.chroot.s0"]\n');
  for (let i = 0; i < 600; i++)
    parts.push(`\n  provisioner "shell" {\n    inline = ["echo ${i}"]\n    max_retries = ${i % 3}\n  }\n`);
  parts.push('}\n');
  return parts.join('');
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };
type Seen = Pick<PublishedDiagnostics['diagnostics'][number], 'range' | 'severity' | 'code' | 'message'>;
const sorted = (list: Seen[]): Seen[] => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function validateText(dir: string, text: string): Promise<Seen[]> {
  writeFileSync(join(dir, 'main.pkr.hcl'), text);
  const cli = await execa('node', [CLI, 'validate', '--format', 'json', dir], { cwd: dir, reject: false });
  const report = JSON.parse(cli.stdout) as {
    diagnostics: Array<{ range: Seen['range']; severity: string; code: string; message: string }>;
  };
  return report.diagnostics.map((d) => ({
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    message: d.message,
  }));
}

let server: LspProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

it('after each edit to a large template, the server reports what validate reports on the same text', async () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'cf-large-edit-'));
  const cliDir = mkdtempSync(join(tmpdir(), 'cf-large-edit-cli-'));
  let text = largeTemplate();
  expect(text.length).toBeGreaterThan(120_000);
  const uri = pathToUri(join(serverDir, 'main.pkr.hcl'));
  writeFileSync(join(serverDir, 'main.pkr.hcl'), text);
  server = new LspProcess();
  await server.initialize(serverDir);
  const opened = server.diagnosticsFor(uri, () => true, 60_000);
  await server.open(uri, text);
  await opened;

  const edits: Array<[string, (t: string) => string]> = [
    ['a field misspelt inside a line', (t) => t.replace('source_checksum = "none"', 'source_chexsum = "none"')],
    ['a line added above everything', (t) => `# a comment\n${t}`],
    ['a value in the middle of the build', (t) => t.replace('"echo 250"', '"ECHO 250"')],
    ['a syntax error', (t) => t.replace('"ECHO 250"', '= "ECHO 250"')],
    ['the error fixed', (t) => t.replace('= "ECHO 250"', '"ECHO 250"')],
    ['a block appended', (t) => `${t}\nsource "chroot" "late" {\n  mount_path = 1\n}\n`],
  ];
  let version = 1;
  const codes: string[][] = [];
  for (const [name, edit] of edits) {
    text = edit(text);
    version++;
    const published = server.diagnosticsFor(uri, (p) => p.version === version, 60_000);
    await server.change(uri, version, text);
    const fromServer = (await published).diagnostics.map(({ range, severity, code, message }) => ({
      range,
      severity,
      code,
      message,
    }));
    const fromCli = await validateText(cliDir, text);
    expect(sorted(fromServer), name).toEqual(sorted(fromCli));
    codes.push([...new Set(fromCli.map((d) => d.code ?? ''))].sort());
  }
  // The comparisons saw real findings: misspelt fields throughout, the syntax error while it was there.
  expect(codes[0]).toContain('unknown-field');
  expect(codes[3]).toContain('hcl-syntax');
  expect(codes[4]).not.toContain('hcl-syntax');
}, 240_000);
