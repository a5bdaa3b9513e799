/**
 * `.pkr.json` files through the built CLI: a directory whose `.pkr.hcl` and
 * `.pkr.json` files use each other's variables, locals and sources validates
 * with no false error; a broken `.pkr.json` gets its errors at the JSON text;
 * and on files packer 1.6.6 reads the same way (its HCL2 JSON support is the
 * same HCL JSON syntax), both give the same verdict, on the same lines.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { missing, skipNote } from '../support/requirements.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const root = mkdtempSync(join(tmpdir(), 'cf-hcl-json-'));

/** Writes the files of a directory under the test's root; returns its path. */
function directory(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const validate = (dir: string, format = 'text') =>
  execa('node', [CLI, 'validate', '--format', format, '.'], { cwd: dir, reject: false });

/** An amazon-chroot configuration split over HCL and JSON, each using what the other declares. */
const MIXED = {
  'sources.pkr.hcl': `source "amazon-chroot" "base" {
  ami_name   = local.ami_name
  source_ami = var.source_ami
  region     = "us-east-1"
}
`,
  'main.pkr.json': `{
  "//": "HCL2 in JSON syntax: variables, locals and the build",
  "variable": {
    "source_ami": { "type": "string", "default": "ami-0123456789" },
    "packages": { "type": "list(string)", "default": ["curl", "jq"] }
  },
  "locals": { "ami_name": "debian-\${var.source_ami}-{{timestamp}}" },
  "build": {
    "sources": ["source.amazon-chroot.base"],
    "provisioner": [
      { "shell": { "inline": ["apt-get install -y \${join(\\" \\", var.packages)}"] } },
      { "file": { "source": "main.pkr.json", "destination": "/tmp/x" } }
    ],
    "post-processor": { "manifest": { "output": "manifest.json" } }
  }
}
`,
};

const BROKEN = {
  'a.pkr.json': `{
  "source": {
    "amazon-chroot": {
      "base": {
        "ami_name": "my-image-\${var.nme}",
        "source_ami": "ami-1",
        "region": "us-east-1",
        "mount_partiton": "2"
      }
    }
  },
  "variable": { "name": { "default": "x" } },
  "build": { "sources": ["source.amazon-chroot.base"] }
}
`,
};

describe('validate on .pkr.json files', () => {
  it('a directory of .pkr.hcl and .pkr.json files that use each other: no diagnostic', async () => {
    const run = await validate(directory('mixed', MIXED));
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('a broken .pkr.json: each error at its JSON text (file:line:column)', async () => {
    const run = await validate(directory('broken', BROKEN));
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      'a.pkr.json:5:37: error: Undefined variable: no variable named "nme" is declared. Did you mean "name"? [undefined-variable]',
      'a.pkr.json:8:9: error: Unknown field "mount_partiton" in source "amazon-chroot". Did you mean "mount_partition"? [unknown-field]',
    ]);
  });

  it("structure and syntax faults in HCL's words, with exact ranges", async () => {
    const dir = directory('structure', {
      'a.pkr.json': '{\n  "locals": {"a": 1,}\n}\n',
    });
    const run = await validate(dir, 'json');
    const report = JSON.parse(run.stdout) as { diagnostics: Array<{ range: unknown; code: string; message: string }> };
    expect(report.diagnostics.map((d) => [d.code, d.range, d.message])).toEqual([
      [
        'json-syntax',
        { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } },
        'Trailing comma in object; JSON does not permit a trailing comma after the final property in an object.',
      ],
    ]);
    writeFileSync(join(dir, 'a.pkr.json'), '{\n  "source": {"amazon-chroot": "base"}\n}\n');
    const second = JSON.parse((await validate(dir, 'json')).stdout) as typeof report;
    expect(second.diagnostics.map((d) => [d.code, d.range, d.message])).toEqual([
      [
        'hcl-json-structure',
        { start: { line: 1, character: 30 }, end: { line: 1, character: 31 } },
        'Incorrect JSON value type; Either a JSON object or JSON array of objects is required here, to specify name labels for this block.',
      ],
    ]);
  });
});

/** Directories packer 1.6.6 reads as current Packer does (amazon-chroot, shell, file and manifest are built in). */
const ORACLE: Record<string, Record<string, string>> = {
  mixed: MIXED,
  broken: BROKEN,
  'extraneous-top-level': { 't.pkr.json': '{\n  "varable": {}\n}\n' },
  'extraneous-in-variable': { 't.pkr.json': '{\n  "variable": {\n    "x": {"typo": 1}\n  }\n}\n' },
  'body-not-an-object': { 't.pkr.json': '{\n  "locals": [\n    1\n  ]\n}\n' },
  'label-not-an-object': {
    't.pkr.json': '{\n  "source": {\n    "amazon-chroot": "x"\n  }\n}\n',
  },
  'shell-inline-and-script': {
    't.pkr.json': JSON.stringify(
      {
        source: { 'amazon-chroot': { a: { ami_name: 'my-image', source_ami: 'ami-1', region: 'us-east-1' } } },
        build: {
          sources: ['source.amazon-chroot.a'],
          provisioner: { shell: { inline: ['true'], script: 'x.sh' } },
        },
      },
      null,
      2,
    ),
  },
  'comments-labels-and-repeated-blocks': {
    't.pkr.json': JSON.stringify(
      {
        '//': 'comment',
        variable: [{ region: { default: 'us-east-1' } }, { size: { type: 'number', default: 8 } }],
        source: {
          'amazon-chroot': {
            a: {
              '//': 'two block device mappings, one array',
              ami_name: 'my-image-${var.size}',
              source_ami: 'ami-1',
              region: '${var.region}',
              root_device_name: '/dev/xvda',
              root_volume_size: 8,
              ami_block_device_mappings: [
                { device_name: '/dev/xvda', volume_size: '${var.size}' },
                { device_name: '/dev/xvdb', volume_size: 4 },
              ],
            },
          },
        },
        build: { sources: ['source.amazon-chroot.a'] },
      },
      null,
      2,
    ),
  },
};

/** Packer's `Error: SUMMARY … on FILE line N` reports. */
function packerErrors(output: string): Array<{ summary: string; line: number; prepare: boolean }> {
  return [...output.matchAll(/^Error: (.*)\n(?:[^\n]*\n)*?\s+on \S+ line (\d+)/gm)].map((m) => ({
    summary: m[1]!,
    line: Number(m[2]),
    prepare: /^Failed preparing|error\(s\) occurred/.test(m[1]!),
  }));
}

const noPacker = missing.tool('packer');

describe.skipIf(noPacker)(`packer 1.6.6 and chrootforge agree on .pkr.json files${skipNote(noPacker)}`, () => {
  for (const [name, files] of Object.entries(ORACLE)) {
    it(name, async () => {
      const dir = directory(`oracle-${name}`, files);
      const packer = await execa('packer', ['validate', '.'], { cwd: dir, reject: false, timeout: 60_000 });
      const ours = await validate(dir);
      const errors = ours.stdout.split('\n').filter((l) => l.includes(': error: '));
      expect(errors.length > 0, `${ours.stdout}\n--- packer:\n${packer.stdout}${packer.stderr}`).toBe(
        packer.exitCode !== 0,
      );
      // Where Packer's HCL reading fails, we report on the same line; a plugin's Prepare error Packer
      // places at the block's header, ours at the field inside the block.
      const ourLines = errors.map((l) => Number(l.split(':')[1]));
      for (const fault of packerErrors(`${packer.stdout}${packer.stderr}`)) {
        const context = `${fault.summary} on line ${fault.line}\n${ours.stdout}`;
        if (fault.prepare)
          expect(
            ourLines.some((l) => l >= fault.line),
            context,
          ).toBe(true);
        else expect(ourLines, context).toContain(fault.line);
      }
    });
  }
});
