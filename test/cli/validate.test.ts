/**
 * `chrootforge validate` as a process: formats, exit codes, flags, and one
 * clear line (never a stack trace) for bad paths and bad flags.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'cf-validate-'));
const broken = join(dir, 'broken.pkr.hcl');
writeFileSync(
  broken,
  'source "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n  mount_partiton = "1"\n}\nbuild {\n  sources = ["source.chroot.x"]\n}\n',
);
const good = join(dir, 'good.json');
writeFileSync(good, JSON.stringify({ builders: [{ type: 'chroot', source_image: 'https://example.invalid/x.img' }] }));
const needsVar = join(dir, 'var.pkr.hcl');
writeFileSync(
  needsVar,
  'variable "size" {\n  type = string\n}\nsource "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n  image_size = var.size\n}\nbuild {\n  sources = ["source.chroot.x"]\n}\n',
);

const run = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, cwd: dir });

describe('chrootforge validate', () => {
  it('exits 0 with no output for a valid template', async () => {
    const r = await run('validate', good);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
  });
  it('text: file:line:col: severity: message [code], exit 1', async () => {
    const r = await run('validate', broken);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^${broken}:3:3: error: Unknown field "mount_partiton".*Did you mean "mount_partition"\\? \\[unknown-field\\]$`,
        'm',
      ),
    );
  });
  it('json: 0-based LSP ranges as docs/design.md says', async () => {
    const r = await run('validate', '--format', 'json', broken);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>> };
    expect(report.diagnostics[0]).toEqual({
      file: broken,
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 16 } },
      severity: 'error',
      code: 'unknown-field',
      message: expect.stringContaining('mount_partiton'),
    });
  });
  it('sarif 2.1.0 with rules and 1-based regions', async () => {
    const r = await run('validate', '--format', 'sarif', broken);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results[0];
    expect(result.ruleId).toBe('unknown-field');
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('unknown-field');
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: 3,
      startColumn: 3,
      endLine: 3,
      endColumn: 17,
    });
  });
  it('checkstyle and compact', async () => {
    const xml = (await run('validate', '--format', 'checkstyle', broken)).stdout;
    expect(xml).toContain(`<file name="${broken}">`);
    expect(xml).toMatch(
      /<error line="3" column="3" severity="error" message="Unknown field &quot;mount_partiton&quot;/,
    );
    const compact = (await run('validate', '--format', 'compact', broken)).stdout;
    expect(compact).toContain(`${broken}: line 3, col 3, Error - Unknown field "mount_partiton"`);
  });
  it("-var and --var set variables (Packer's single dash too)", async () => {
    expect((await run('validate', needsVar)).exitCode).toBe(1);
    expect((await run('validate', '-var', 'size=1G', needsVar)).exitCode).toBe(0);
    expect((await run('validate', '--var', 'size=1G', needsVar)).exitCode).toBe(0);
  });
  it('-var-file reads values', async () => {
    const varFile = join(dir, 'size.pkrvars.hcl');
    writeFileSync(varFile, 'size = "2G"\n');
    const r = await run('validate', '-var-file', varFile, needsVar);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  });
  it('a missing path: exit 2, one line, no stack trace', async () => {
    const r = await run('validate', join(dir, 'nope.pkr.hcl'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`chrootforge: ${join(dir, 'nope.pkr.hcl')}: no such file or directory`);
  });
  it('a bad flag or format: exit 2 without a stack trace', async () => {
    for (const args of [
      ['validate', '--bogus', good],
      ['validate', '--format', 'yaml', good],
    ]) {
      const r = await run(...args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('an HCL file that is not UTF-8: exit 1 and where the bad bytes start, as hclsyntax; a JSON file is read leniently', async () => {
    const bin = join(dir, 'latin1.pkr.hcl');
    writeFileSync(bin, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = await run('validate', bin);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `chrootforge: ${bin}:1:6: Invalid character encoding: the file is not valid UTF-8; HCL files must be UTF-8 encoded.`,
    );
    const json = join(dir, 'latin1.json');
    const text = JSON.stringify({
      description: 'caf_',
      builders: [{ type: 'chroot', source_image: 'https://example.invalid/x.img' }],
    });
    writeFileSync(json, Buffer.from(text.replace('caf_', 'caf\u00e9'), 'latin1'));
    const lenient = await run('validate', json);
    expect(lenient.exitCode, lenient.stdout + lenient.stderr).toBe(0);
  });
});
