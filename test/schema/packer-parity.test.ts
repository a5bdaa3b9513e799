/**
 * Parity with Packer 1.6.6: for templates with an unknown key or a wrong
 * value, `packer validate` and validateBody both reject, naming the same field.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../template/model.js';
import type { SchemaRef } from '../../template/schema/schema-types.js';
import { validateBody } from '../../template/schema/validate-body.js';
import { missing, skipNote } from '../support/requirements.js';
import { hclNestedBlock, jsonArrayElementBody, staticEvaluate } from './bodies.js';

const noPacker = missing.tool('packer');
const dir = mkdtempSync(join(tmpdir(), 'cf-parity-'));

interface ParityCase {
  name: string;
  syntax: 'hcl' | 'json';
  ref: SchemaRef;
  /** The field both must name. */
  field: string;
  /** What Packer's message says instead, when it does not use the field's name. */
  packerSays?: string;
  text: string;
}

const NULL_SOURCE = 'source "null" "n" {\n  communicator = "none"\n}\n';
const amazonHcl = (fields: string) =>
  `source "amazon-chroot" "a" {\n  ami_name = "image-name"\n${fields}\n}\nbuild {\n  sources = ["source.amazon-chroot.a"]\n}\n`;
const azureHcl = (fields: string) =>
  `source "azure-chroot" "a" {\n${fields}\n}\nbuild {\n  sources = ["source.azure-chroot.a"]\n}\n`;
const provisionerHcl = (type: string, fields: string) =>
  `${NULL_SOURCE}build {\n  sources = ["source.null.n"]\n  provisioner "${type}" {\n${fields}\n  }\n}\n`;
const builderJson = (builder: object) => JSON.stringify({ builders: [builder] }, null, 2);
const provisionerJson = (provisioner: object) =>
  JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], provisioners: [provisioner] }, null, 2);

const CASES: ParityCase[] = [
  {
    name: 'amazon-chroot: misspelt key (HCL)',
    syntax: 'hcl',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'source_amii',
    text: amazonHcl('  source_amii = "ami-123"'),
  },
  {
    name: 'amazon-chroot: unknown key (JSON)',
    syntax: 'json',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'mount_pathh',
    text: builderJson({ type: 'amazon-chroot', ami_name: 'image-name', source_ami: 'ami-1', mount_pathh: '/mnt' }),
  },
  {
    name: 'amazon-chroot: bad ami_architecture (HCL)',
    syntax: 'hcl',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'ami_architecture',
    text: amazonHcl('  source_ami = "ami-1"\n  ami_architecture = "arm"'),
  },
  {
    name: 'amazon-chroot: chroot_mounts entry of two (JSON)',
    syntax: 'json',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'chroot_mounts',
    text: builderJson({
      type: 'amazon-chroot',
      ami_name: 'image-name',
      source_ami: 'ami-1',
      chroot_mounts: [['proc', '/proc']],
    }),
  },
  {
    name: 'amazon-chroot: unknown key in a single-object block list (JSON)',
    syntax: 'json',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'volume_sizee',
    text: builderJson({
      type: 'amazon-chroot',
      ami_name: 'image-name',
      source_ami: 'ami-1',
      root_device_name: '/dev/xvda',
      root_volume_size: 8,
      ami_block_device_mappings: { device_name: '/dev/xvda', volume_sizee: 8 },
    }),
  },
  {
    name: 'amazon-chroot: number for a boolean (HCL)',
    syntax: 'hcl',
    ref: { kind: 'source', type: 'amazon-chroot' },
    field: 'skip_region_validation',
    text: amazonHcl('  source_ami = "ami-1"\n  skip_region_validation = 1'),
  },
  {
    name: 'azure-chroot: unknown key (HCL)',
    syntax: 'hcl',
    ref: { kind: 'source', type: 'azure-chroot' },
    field: 'os_disk_size',
    text: azureHcl(
      '  source = "a:b:c:d"\n  image_resource_id = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/i"\n  os_disk_size = 30',
    ),
  },
  {
    name: 'azure-chroot: bad os_disk_cache_type (JSON)',
    syntax: 'json',
    ref: { kind: 'source', type: 'azure-chroot' },
    field: 'os_disk_cache_type',
    text: builderJson({
      type: 'azure-chroot',
      source: 'a:b:c:d',
      image_resource_id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/i',
      os_disk_cache_type: 'Fast',
    }),
  },
  {
    name: 'azure-chroot: bad image_version in a nested block (HCL)',
    syntax: 'hcl',
    ref: { kind: 'source', type: 'azure-chroot' },
    field: 'image_version',
    text: azureHcl(
      '  source = "a:b:c:d"\n  shared_image_destination {\n    resource_group = "r"\n    gallery_name = "g"\n    image_name = "i"\n    image_version = "1.0"\n  }',
    ),
  },
  {
    name: 'shell: misspelt key (HCL)',
    syntax: 'hcl',
    ref: { kind: 'provisioner', type: 'shell' },
    field: 'inlines',
    text: provisionerHcl('shell', '    inlines = ["true"]'),
  },
  {
    name: 'shell: environment variable without = (JSON)',
    syntax: 'json',
    ref: { kind: 'provisioner', type: 'shell' },
    field: 'environment_vars',
    packerSays: "Environment variable not in format 'key=value': NOVALUE",
    text: provisionerJson({ type: 'shell', inline: ['true'], environment_vars: ['NOVALUE'] }),
  },
  // Packer does not skip an empty element (an empty user variable renders to one): its Prepare splits "" on "="
  // into one part and rejects it, in 1.6.6 and in current provisioner/shell and packer-plugin-sdk shell-local.
  {
    name: 'shell: empty environment variable (JSON)',
    syntax: 'json',
    ref: { kind: 'provisioner', type: 'shell' },
    field: 'environment_vars',
    packerSays: "Environment variable not in format 'key=value':",
    text: provisionerJson({ type: 'shell', inline: ['true'], environment_vars: ['', 'A=1'] }),
  },
  {
    name: 'shell-local: empty environment variable (HCL)',
    syntax: 'hcl',
    ref: { kind: 'provisioner', type: 'shell-local' },
    field: 'environment_vars',
    packerSays: "Environment variable not in format 'key=value':",
    text: provisionerHcl('shell-local', '    inline = ["true"]\n    environment_vars = ["", "A=1"]'),
  },
  {
    name: 'file: unknown key (JSON)',
    syntax: 'json',
    ref: { kind: 'provisioner', type: 'file' },
    field: 'destinaton',
    text: provisionerJson({ type: 'file', source: 'packer-parity.test.ts', destinaton: '/tmp/x' }),
  },
  {
    name: 'file: bad direction (HCL)',
    syntax: 'hcl',
    ref: { kind: 'provisioner', type: 'file' },
    field: 'direction',
    text: provisionerHcl('file', '    source = "x"\n    destination = "/tmp/x"\n    direction = "sideways"'),
  },
];

function packerValidate(c: ParityCase): { exitCode: number; output: string } {
  const path = join(
    dir,
    c.syntax === 'hcl' ? `${c.name.replace(/\W+/g, '-')}.pkr.hcl` : `${c.name.replace(/\W+/g, '-')}.json`,
  );
  writeFileSync(path, c.text);
  try {
    const output = execFileSync('packer', ['validate', path], {
      encoding: 'utf8',
      stdio: 'pipe',
      cwd: dir,
      timeout: 30_000,
    });
    return { exitCode: 0, output };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { exitCode: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function ours(c: ParityCase): Promise<Diagnostic[]> {
  if (c.syntax === 'json') {
    const { body, header } = jsonArrayElementBody(c.text, c.ref.kind === 'source' ? 'builders' : 'provisioners');
    return validateBody(body, c.ref, { file: 't.json', syntax: 'json', evaluate: staticEvaluate, headerRange: header });
  }
  const block = await hclNestedBlock(c.text, c.ref.kind === 'source' ? ['source'] : ['build', 'provisioner']);
  return validateBody(block.body, c.ref, {
    file: 't.pkr.hcl',
    syntax: 'hcl',
    evaluate: staticEvaluate,
    headerRange: block.headerRange,
  });
}

describe(`parity with packer validate${skipNote(noPacker)}`, () => {
  it.skipIf(noPacker).each(CASES)('$name', { timeout: 60_000 }, async (c) => {
    const packer = packerValidate(c);
    expect(packer.exitCode, packer.output).not.toBe(0);
    expect(packer.output.replace(/\s+/g, ' ')).toContain(c.packerSays ?? c.field);
    const errors = (await ours(c)).filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const naming = errors.filter(
      (d) => d.data?.field === c.field || d.message.includes(`"${c.field}"`) || d.message.includes(c.field),
    );
    expect(naming, JSON.stringify(errors)).not.toEqual([]);
  });
});
