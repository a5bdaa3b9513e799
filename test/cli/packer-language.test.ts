/**
 * Current Packer's language through the real `chrootforge validate` process:
 * a multi-file configuration using what real templates use (required_plugins,
 * env() defaults, data sources, local blocks, `sources` expressions, source
 * blocks in builds, dynamic blocks, legacy `{{ }}` functions in plugin fields,
 * components without a schema) validates with no error; the faults of the
 * same language are reported with Packer's messages.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const root = mkdtempSync(join(tmpdir(), 'cf-language-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Reported {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

async function validate(args: string[], cwd: string, env: Record<string, string> = {}) {
  const run = await execa('node', [CLI, 'validate', '--format', 'json', ...args], { cwd, reject: false, env });
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`validate exited ${run.exitCode}: ${run.stderr}`);
  return { exitCode: run.exitCode, diagnostics: (JSON.parse(run.stdout) as { diagnostics: Reported[] }).diagnostics };
}

function write(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const VALID = {
  'versions.pkr.hcl': `packer {
  required_version = ">= 1.7.0"
  required_plugins {
    amazon = {
      version = ">= 1.2.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}
`,
  'variables.pkr.hcl': `variable "region" {
  type    = string
  default = env("CF_TEST_REGION")
}
variable "boot_command" {
  default = ["<tab> inst.ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter>"]
}
variable "size" {
  default = "4G"
  validation {
    condition     = can(regex("^[0-9]+[GM]$", var.size))
    error_message = "The size must be a number followed by G or M."
  }
}
local "suffix" {
  expression = "\${var.region}-\${var.size}"
  sensitive  = true
}
locals {
  builds = ["sources.amazon-chroot.ami"]
}
`,
  'sources.pkr.hcl': `data "amazon-ami" "debian" {
  owners  = ["136693071363"]
  filters = { name = "debian-12-*" }
}
source "amazon-chroot" "ami" {
  source_ami = data.amazon-ami.debian.id
  ami_name   = "debian-{{timestamp}}-{{isotime \\"2006-01-02\\"}}-{{uuid}}"
  root_device_name = "/dev/xvda"
  root_volume_size = 8
  dynamic "ami_block_device_mappings" {
    for_each = [{ dev = "/dev/sdb", size = 8 }]
    iterator = disk
    content {
      device_name = disk.value.dev
      volume_size = disk.value.size
    }
  }
}
source "chroot" "local" {
  mount_partition = "1"
}
source "qemu" "vm" {
  boot_command = var.boot_command
}
`,
  'build.pkr.hcl': `build {
  name    = "images"
  sources = concat(local.builds, ["source.qemu.vm"])
  source "chroot.local" {
    source_image = "https://example.invalid/base-\${local.suffix}.img"
  }
  provisioner "shell" {
    inline = ["echo {{build_name}} \${build.name} > /etc/built"]
  }
  provisioner "goss" {
    tests = ["\${path.root}/goss.yaml"]
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["echo failed"]
  }
  post-processors {
    post-processor "shell-local" {
      inline = ["echo done"]
    }
    post-processor "manifest" {
    }
  }
  hcp_packer_registry {
    bucket_name = "debian-images"
  }
}
`,
};

describe('chrootforge validate: the language of current Packer', () => {
  it('accepts a configuration that uses it all, warning only about what it cannot check', async () => {
    const dir = write(join(root, 'valid'), VALID);
    const run = await validate(['.'], dir, { CF_TEST_REGION: 'eu-west-1' });
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    const unchecked = run.diagnostics.filter((d) => d.code.endsWith('-type'));
    expect(unchecked.map((d) => [d.code, d.severity])).toEqual([
      ['unknown-provisioner-type', 'warning'],
      ['unknown-post-processor-type', 'warning'],
      ['unknown-data-source-type', 'warning'],
      ['unknown-builder-type', 'warning'],
    ]);
    // amazon-ami comes from the required amazon plugin, shell-local ships with Packer: only the others lack one.
    const lacking = unchecked.filter((d) => d.message.includes('No plugin in required_plugins provides it'));
    expect(lacking.map((d) => d.message.match(/"([^"]+)"/)![1])).toEqual(['goss', 'qemu']);
  });

  it('reports the faults of that language, each once, with Packer’s words', async () => {
    const dir = write(join(root, 'faulty'), {
      'template.pkr.hcl': `packer {
  required_plugins {
    amazon = { version = ">== 1.2", source = "github.com/hashicorp/packer-plugin-amazon" }
  }
}
locals {
  home = env("HOME")
}
source "chroot" "x" {
  source_image = "https://example.invalid/{{user \`image\`}}.img"
}
build {
  sources = ["source.chroot.x"]
  provisioner "shell" {
    script = "scripts/setup.sh"
  }
}
`,
    });
    const cwd = write(join(root, 'elsewhere'), {});
    const run = await validate([join(dir, 'template.pkr.hcl')], cwd);
    expect(run.exitCode).toBe(1);
    expect(run.diagnostics.map((d) => [d.code, d.severity, d.range.start.line + 1])).toEqual([
      ['invalid-version-constraint', 'error', 3],
      ['invalid-plugin-source', 'error', 3],
      ['unknown-function', 'error', 7],
      ['legacy-function-in-hcl', 'error', 10],
      ['missing-file', 'warning', 15],
    ]);
    const byCode = Object.fromEntries(run.diagnostics.map((d) => [d.code, d.message]));
    expect(byCode['invalid-plugin-source']).toContain('Did you mean "amazon"?');
    expect(byCode['invalid-version-constraint']).toContain('Malformed constraint: >== 1.2');
    expect(byCode['unknown-function']).toContain('there is no function named "env"');
    expect(byCode['missing-file']).toContain(`does not exist in the working directory ${cwd}`);
    expect(byCode['missing-file']).toContain('"${path.root}/scripts/setup.sh"');
  });
});
