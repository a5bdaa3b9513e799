/**
 * Parity with Packer 1.6.6 on whole templates: what `packer validate`
 * rejects, analysis rejects too, naming the same field — including Packer's
 * cross-field Prepare rules and template-level mistakes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missing, skipNote } from '../support/requirements.js';
import { analyzeFiles } from '../support/analyze-text.js';

interface Case {
  name: string;
  file: string;
  text: string;
  /** Text both Packer's output and one of our error messages must contain. */
  names: string;
}

const amazon = (extra: object) =>
  JSON.stringify({ builders: [{ type: 'amazon-chroot', region: 'us-east-1', ...extra }] });

const CASES: Case[] = [
  {
    name: 'amazon from_scratch without root_volume_size',
    file: 'a.json',
    names: 'root_volume_size',
    text: amazon({ ami_name: 'my-image', from_scratch: true }),
  },
  { name: 'amazon without source_ami', file: 'a.json', names: 'source_ami', text: amazon({ ami_name: 'my-image' }) },
  {
    name: 'amazon root_device_name alone',
    file: 'a.json',
    names: 'ami_block_device_mappings',
    text: amazon({ ami_name: 'my-image', source_ami: 'ami-1', root_device_name: '/dev/sda1' }),
  },
  {
    name: 'amazon kms key with encrypt_boot false',
    file: 'a.json',
    names: 'root_volume_encrypt_boot',
    text: amazon({
      ami_name: 'my-image',
      source_ami: 'ami-1',
      root_volume_kms_key_id: 'alias/x',
      root_volume_encrypt_boot: false,
    }),
  },
  {
    name: 'amazon short ami_name',
    file: 'a.json',
    names: 'ami_name',
    text: amazon({ ami_name: 'x', source_ami: 'ami-1' }),
  },
  {
    name: 'amazon chroot_mounts pair',
    file: 'a.json',
    names: 'chroot_mounts',
    text: amazon({ ami_name: 'my-image', source_ami: 'ami-1', chroot_mounts: [['proc', '/proc']] }),
  },
  {
    name: 'legacy unknown top-level key',
    file: 'a.json',
    names: 'provisoners',
    text: JSON.stringify({
      builders: [{ type: 'amazon-chroot', ami_name: 'my-image', source_ami: 'ami-1', region: 'us-east-1' }],
      provisoners: [],
    }),
  },
  {
    name: 'HCL undefined variable',
    file: 'a.pkr.hcl',
    names: 'regio',
    text: 'variable "region" {\n  default = "us-east-1"\n}\nsource "amazon-chroot" "a" {\n  ami_name = "my-image"\n  source_ami = "ami-1"\n  region = var.regio\n}\nbuild {\n  sources = ["source.amazon-chroot.a"]\n}\n',
  },
  {
    name: 'HCL shell provisioner with inline and script',
    file: 'a.pkr.hcl',
    names: 'inline',
    text: 'source "amazon-chroot" "a" {\n  ami_name = "my-image"\n  source_ami = "ami-1"\n  region = "us-east-1"\n}\nbuild {\n  sources = ["source.amazon-chroot.a"]\n  provisioner "shell" {\n    inline = ["true"]\n    script = "x.sh"\n  }\n}\n',
  },
];

/** Mistakes Packer 1.6.6 lets through (found only at build time, or never): we reject them. */
const PACKER_MISSES: Case[] = [
  {
    name: 'undefined user variable (Packer renders it empty)',
    file: 'a.json',
    names: 'nme',
    text: JSON.stringify({
      variables: { name: 'x' },
      builders: [{ type: 'amazon-chroot', ami_name: 'img-{{user `nme`}}', source_ami: 'ami-1', region: 'us-east-1' }],
    }),
  },
  {
    name: 'unknown template data in a field (Packer fails only at build time)',
    file: 'a.json',
    names: 'MountPth',
    text: amazon({ ami_name: 'my-image', source_ami: 'ami-1', post_mount_commands: ['ls {{.MountPth}}'] }),
  },
  {
    name: 'command_wrapper without {{.Command}} (warning)',
    file: 'a.json',
    names: 'command_wrapper',
    text: amazon({ ami_name: 'my-image', source_ami: 'ami-1', command_wrapper: 'sudo' }),
  },
];

const noPacker = missing.tool('packer');
const dir = mkdtempSync(join(tmpdir(), 'cf-parity-'));

describe.skipIf(noPacker)(`packer validate and chrootforge reject the same templates${skipNote(noPacker)}`, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const path = join(dir, `${c.name.replace(/\W+/g, '-')}-${c.file}`);
      writeFileSync(path, c.text);
      let packerOutput = '';
      try {
        execFileSync('packer', ['validate', path], { stdio: 'pipe', timeout: 60_000 });
      } catch (err) {
        const e = err as { stdout: Buffer; stderr: Buffer };
        packerOutput = `${e.stdout}${e.stderr}`;
      }
      expect(packerOutput, 'packer rejects').toContain(c.names);
      const analysis = await analyzeFiles({ [c.file]: c.text });
      const ours = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      expect(ours.join('\n')).toContain(c.names);
    });
  }
});

describe.skipIf(noPacker)(`checks Packer misses${skipNote(noPacker)}`, () => {
  for (const c of PACKER_MISSES) {
    it(c.name, async () => {
      const path = join(dir, `miss-${c.name.replace(/\W+/g, '-')}-${c.file}`);
      writeFileSync(path, c.text);
      // Throws (failing the test) if Packer starts catching it: then it belongs in CASES.
      execFileSync('packer', ['validate', path], { stdio: 'pipe', timeout: 60_000 });
      const analysis = await analyzeFiles({ [c.file]: c.text });
      expect(analysis.diagnostics.map((d) => d.message).join('\n')).toContain(c.names);
    });
  }
});
