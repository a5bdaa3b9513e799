/**
 * A `.pkr.json` file is the same configuration as the `.pkr.hcl` file it
 * transcribes: the same model (ranges aside) and the same verdicts (codes
 * and messages), so every rule, evaluation and reference downstream of the
 * parsers applies to JSON unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTemplateEngine, parseSource } from '../../template/analyze.js';
import type { Body, Expr } from '../../template/model.js';
import { analyzeFiles } from '../support/analyze-text.js';

beforeAll(() => initTemplateEngine());

interface Pair {
  name: string;
  hcl: string;
  json: unknown;
}

const FULL: Pair = {
  name: 'variables, locals, a plugin source with nested blocks, a build with provisioners and a chain',
  hcl: `
variable "image" {
  type    = list(string)
  default = ["a", "b"]
  validation {
    condition     = length(var.image) > 0
    error_message = "Needs one."
  }
}
locals {
  out = "\${var.image[0]}-out"
  n   = 3
}
source "amazon-chroot" "x" {
  ami_name   = "x-{{timestamp}}"
  region     = "us-east-1"
  source_ami_filter {
    filters = { name = "debian-*" }
    owners  = ["136693071363"]
  }
  ami_block_device_mappings {
    device_name = "/dev/sda"
  }
  ami_block_device_mappings {
    device_name = "/dev/sdb"
  }
}
build {
  name    = "b"
  sources = ["source.amazon-chroot.x"]
  provisioner "shell" {
    inline = ["echo \${var.image[0]} %{ if local.n > 2 }big%{ endif }"]
  }
  provisioner "file" {
    source      = "a"
    destination = "/b"
  }
  post-processors {
    post-processor "manifest" {}
    post-processor "checksum" {
      checksum_types = ["sha256"]
    }
  }
}
`,
  json: {
    variable: {
      image: {
        type: 'list(string)',
        default: ['a', 'b'],
        validation: { condition: '${length(var.image) > 0}', error_message: 'Needs one.' },
      },
    },
    locals: { out: '${var.image[0]}-out', n: 3 },
    source: {
      'amazon-chroot': {
        x: {
          ami_name: 'x-{{timestamp}}',
          region: 'us-east-1',
          source_ami_filter: { filters: { name: 'debian-*' }, owners: ['136693071363'] },
          ami_block_device_mappings: [{ device_name: '/dev/sda' }, { device_name: '/dev/sdb' }],
        },
      },
    },
    build: {
      name: 'b',
      sources: ['source.amazon-chroot.x'],
      provisioner: [
        { shell: { inline: ['echo ${var.image[0]} %{ if local.n > 2 }big%{ endif }'] } },
        { file: { source: 'a', destination: '/b' } },
      ],
      'post-processors': { 'post-processor': [{ manifest: {} }, { checksum: { checksum_types: ['sha256'] } }] },
    },
  },
};

/**
 * The model without positions: ranges, raw text and the string markers go;
 * a template that is one interpolation is that expression (HCL unwraps it,
 * and JSON can write a non-string value no other way); an object key is its
 * static text when it has one.
 */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (record.type === 'template') {
    const parts = record.parts as Array<{ kind: string; expr?: Expr }>;
    if (parts.length === 1 && parts[0]!.kind === 'interpolation') return shape(parts[0]!.expr);
  }
  if ('keyName' in record && record.keyName !== undefined) return { key: record.keyName, value: shape(record.value) };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (/range$|Range$/.test(key) || ['raw', 'jsonString', 'heredoc'].includes(key)) continue;
    out[key] = shape(value);
  }
  return out;
}

const bodyOf = (path: string, text: string): Body => {
  const file = parseSource({ path, text });
  expect(file.diagnostics).toEqual([]);
  return file.body;
};

describe('the same model from HCL and from JSON', () => {
  it(FULL.name, () => {
    const hcl = bodyOf('/w/t.pkr.hcl', FULL.hcl);
    const json = bodyOf('/w/t.pkr.json', JSON.stringify(FULL.json, null, 2));
    expect(shape(json)).toEqual(shape(hcl));
  });
});

/** Faults written both ways: the same codes and messages. */
const FAULTS: Pair[] = [
  {
    name: 'an undefined variable, an unknown field, a wrong type, a missing required field',
    hcl: `
variable "size" {
  default = "2G"
}
source "chroot" "x" {
  image_size     = var.sise
  mount_partiton = "2"
  from_scratch   = "maybe"
}
build {
  sources = ["source.chroot.x"]
}
`,
    json: {
      variable: { size: { default: '2G' } },
      source: { chroot: { x: { image_size: '${var.sise}', mount_partiton: '2', from_scratch: 'maybe' } } },
      build: { sources: ['source.chroot.x'] },
    },
  },
  {
    name: 'provisioner rules, Go-template data, a post-processor chain and build source overrides',
    hcl: `
source "chroot" "x" {
  source_image = "https://example.com/a.img"
  mount_path   = "/mnt/{{.MountPath}}"
}
build {
  source "source.chroot.x" {
    name = "renamed"
  }
  provisioner "shell" {
    inline = ["true"]
    script = "x.sh"
  }
  post-processors {
    post-processor "checksum" {
      checksum_types = ["sha3"]
    }
  }
}
`,
    json: {
      source: { chroot: { x: { source_image: 'https://example.com/a.img', mount_path: '/mnt/{{.MountPath}}' } } },
      build: {
        source: { 'source.chroot.x': { name: 'renamed' } },
        provisioner: { shell: { inline: ['true'], script: 'x.sh' } },
        'post-processors': { 'post-processor': { checksum: { checksum_types: ['sha3'] } } },
      },
    },
  },
  {
    name: 'unknown plugin types are warnings, their expressions still evaluated; a variable validation fails',
    hcl: `
variable "n" {
  type    = number
  default = 1
  validation {
    condition     = var.n > 5
    error_message = "Too small."
  }
}
source "qemu" "q" {
  iso_url = var.missing
}
data "amazon-ami" "a" {
  owners = ["self"]
}
build {
  sources = ["source.qemu.q"]
}
`,
    json: {
      variable: {
        n: { type: 'number', default: 1, validation: { condition: '${var.n > 5}', error_message: 'Too small.' } },
      },
      source: { qemu: { q: { iso_url: '${var.missing}' } } },
      data: { 'amazon-ami': { a: { owners: ['self'] } } },
      build: { sources: ['source.qemu.q'] },
    },
  },
];

describe('the same verdicts from HCL and from JSON', () => {
  for (const pair of FAULTS) {
    it(pair.name, async () => {
      const verdicts = async (path: string, text: string) =>
        (await analyzeFiles({ [path]: text })).diagnostics.map((d) => `${d.severity} [${d.code}] ${d.message}`).sort();
      const hcl = await verdicts('/work/t.pkr.hcl', pair.hcl);
      const json = await verdicts('/work/t.pkr.json', JSON.stringify(pair.json, null, 2));
      expect(hcl.length).toBeGreaterThan(1);
      expect(json).toEqual(hcl);
    });
  }
});
