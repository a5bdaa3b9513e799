/**
 * The HCL2 language of current Packer (1.11/1.12) that real templates use,
 * each form accepted without a false error and each real fault reported once:
 * local blocks, data blocks, `sources` references and expressions, `source`
 * blocks inside `build`, dynamic blocks, error-cleanup-provisioner,
 * post-processor chains, only/except, variable validation, sensitive values,
 * hcp_packer_registry.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, errors, rangeOf, withCode } from '../support/analyze-text.js';

const SOURCE = 'source "chroot" "x" {\n  source_image = "https://example.invalid/x.img"\n}\n';

async function check(text: string, options: Parameters<typeof analyzeFiles>[1] = {}) {
  return analyzeFiles({ 't.pkr.hcl': text }, options);
}

describe('local blocks', () => {
  it('declare a local beside locals {}, sensitive or not', async () => {
    const analysis = await check(`${SOURCE}
locals {
  a = "x"
}
local "b" {
  expression = "\${local.a}-b"
  sensitive  = true
}
build {
  sources = ["source.chroot.x"]
  provisioner "shell" {
    inline = ["echo \${local.b}"]
  }
}`);
    expect(errors(analysis)).toEqual([]);
    expect(analysis.evaluation.locals.get('b')).toBe('x-b');
  });
  it('need an expression', async () => {
    const text = `local "b" {\n  sensitive = true\n}\n${SOURCE}build {\n  sources = ["source.chroot.x"]\n}\n`;
    const [d] = errors(await check(text));
    expect(d).toMatchObject({ code: 'missing-field', range: rangeOf(text, 'local "b" {') });
  });
});

describe('data blocks', () => {
  it('are declared, their outputs unknown downstream: no error on the fields that use them', async () => {
    const text = `data "amazon-ami" "example" {
  filters = { name = "debian-*" }
  owners  = ["self"]
}
source "amazon-chroot" "x" {
  source_ami = data.amazon-ami.example.id
  ami_name   = "x-\${data.amazon-ami.example.id}"
}
build {
  sources = ["source.amazon-chroot.x"]
}`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
    expect(withCode(analysis, 'unknown-data-source-type')).toHaveLength(1);
  });
  it('report a duplicate, and their own expressions', async () => {
    const text = `data "http" "x" {
  url = var.nope
}
data "http" "x" {
  url = "https://example.invalid"
}
${SOURCE}build {
  sources = ["source.chroot.x"]
}`;
    const found = errors(await check(text));
    expect(found.map((d) => d.code)).toEqual(['undefined-variable', 'duplicate-data-source']);
    expect(found[1]!.range).toEqual(rangeOf(text, '"x"', 1));
  });
});

describe('build sources', () => {
  const sources = `${SOURCE}source "chroot" "y" {\n  source_image = "https://example.invalid/y.img"\n}\n`;
  it('accept "sources.T.N", "source.T.N" and "T.N" alike, each one reference', async () => {
    const text = `${sources}build {\n  sources = ["sources.chroot.x", "source.chroot.y", "chroot.x"]\n}\n`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
    expect(analysis.config.builds[0]!.sources.map((s) => `${s.type}.${s.name}`)).toEqual([
      'chroot.x',
      'chroot.y',
      'chroot.x',
    ]);
  });
  it('accept an expression Packer evaluates with variables and locals', async () => {
    const text = `${sources}variable "v" {
  default = "chroot.y"
}
locals {
  a = ["source.chroot.x"]
}
build {
  sources = concat(local.a, ["\${var.v}"])
}
build {
  name    = "second"
  sources = ["\${var.v}"]
}`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
    expect(analysis.config.builds.map((b) => b.sources.map((s) => s.name))).toEqual([['x', 'y'], ['y']]);
  });
  it('report an evaluated reference that is none, at its element', async () => {
    const text = `${sources}variable "v" {\n  default = "chroot"\n}\nbuild {\n  sources = ["source.chroot.x", "\${var.v}"]\n}\n`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([['invalid-source-reference', rangeOf(text, '"${var.v}"')]]);
  });
  it('say nothing of an expression whose value is not known yet', async () => {
    const text = `${sources}data "http" "list" {\n  url = "https://example.invalid"\n}\nbuild {\n  sources = jsondecode(data.http.list.body)\n}\n`;
    expect(errors(await check(text))).toEqual([]);
  });
  it('give one diagnostic for a reference that is not one, and for a missing source', async () => {
    const text = `${sources}build {\n  sources = ["chroot", "source.chroot.z"]\n}\n`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-source-reference', rangeOf(text, '"chroot"', 2)],
      ['undefined-source', rangeOf(text, '"source.chroot.z"')],
    ]);
  });
  it('report "no sources" for a build with none, but not after a syntax error in it', async () => {
    expect(withCode(await check(`${SOURCE}build {\n}\n`), 'build-without-sources')).toHaveLength(1);
    const broken = `${SOURCE}build {\n  sources = ["source.chroot.x"]]\n}\n`;
    expect(errors(await check(broken)).map((d) => d.code)).toEqual(['hcl-syntax']);
  });
});

describe('source blocks inside build', () => {
  it('fill the fields of the source they use, required ones included', async () => {
    const text = `source "chroot" "base" {
  mount_partition = "2"
}
build {
  source "source.chroot.base" {
    name         = "fresh"
    source_image = "https://example.invalid/x.img"
  }
}`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
  });
  it('are checked as part of the source, in the file they are written in', async () => {
    const analysis = await analyzeFiles({
      '/work/sources.pkr.hcl': 'source "chroot" "base" {\n  mount_partition = "2"\n}\n',
      '/work/build.pkr.hcl':
        'build {\n  source "chroot.base" {\n    source_image = "https://example.invalid/x.img"\n    mount_pth = "/mnt"\n  }\n}\n',
    });
    const [d] = errors(analysis);
    expect(d).toMatchObject({ code: 'unknown-field', file: '/work/build.pkr.hcl' });
    expect(d!.range.start).toEqual({ line: 3, character: 4 });
  });
  it('may not change an argument the source sets (Packer: Duplicate argument)', async () => {
    const text = `${SOURCE}build {\n  source "chroot.x" {\n    source_image = "https://example.invalid/other.img"\n  }\n}\n`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([['duplicate-argument', rangeOf(text, 'source_image', 1)]]);
  });
  it('still report a required field no use fills, at the source', async () => {
    const text =
      'source "chroot" "base" {\n  mount_partition = "2"\n}\nbuild {\n  sources = ["source.chroot.base"]\n}\n';
    expect(withCode(await check(text), 'missing-field').map((d) => d.range)).toEqual([
      rangeOf(text, 'source "chroot" "base" {'),
    ]);
  });
  it('give source.name the name the build gives it', async () => {
    const text = `source "chroot" "base" {\n  source_image = "https://example.invalid/\${source.name}.img"\n}\nbuild {\n  source "chroot.base" {\n    name = "fresh"\n  }\n}\n`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
  });
});

describe('dynamic blocks', () => {
  it('count as the blocks they make for the builder’s rules, marked at their label', async () => {
    const text = `source "amazon-chroot" "x" {
  source_ami = "ami-123"
  ami_name   = "debian-image"
  dynamic "ami_block_device_mappings" {
    for_each = ["/dev/sdb"]
    content {
      device_name = ami_block_device_mappings.value
    }
  }
}
build {
  sources = ["source.amazon-chroot.x"]
}`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['amazon-block-devices', rangeOf(text, '"ami_block_device_mappings"')],
    ]);
  });
  it('expand with their iterator in scope, checked like written blocks', async () => {
    const text = `variable "volumes" {
  default = [{ dev = "/dev/sdb", size = 8 }, { dev = "/dev/sdc", size = 16 }]
}
source "amazon-chroot" "x" {
  source_ami       = "ami-123"
  ami_name         = "debian-image"
  root_device_name = "/dev/sda1"
  root_volume_size = 8
  dynamic "ami_block_device_mappings" {
    for_each = var.volumes
    iterator = vol
    content {
      device_name = vol.value.dev
      volume_size = vol.value.size
    }
  }
}
build {
  sources = ["source.amazon-chroot.x"]
}`;
    expect(errors(await check(text))).toEqual([]);
  });
  it('report a wrong value made by an element', async () => {
    const text = `source "amazon-chroot" "x" {
  source_ami       = "ami-123"
  ami_name         = "debian-image"
  root_device_name = "/dev/sda1"
  root_volume_size = 8
  dynamic "ami_block_device_mappings" {
    for_each = ["a"]
    content {
      volume_size = ami_block_device_mappings.value
    }
  }
}
build {
  sources = ["source.amazon-chroot.x"]
}`;
    expect(errors(await check(text)).map((d) => d.code)).toContain('invalid-type');
  });
});

describe('build blocks Packer 1.12 knows', () => {
  it('error-cleanup-provisioner, post-processors chains, only/except, named provisioners, hcp_packer_registry', async () => {
    const text = `${SOURCE}build {
  name    = "b"
  sources = ["source.chroot.x"]
  hcp_packer_registry {
    bucket_name   = "my-images"
    description   = "Images"
    bucket_labels = { os = "debian" }
    build_labels  = { version = "12" }
  }
  provisioner "shell" {
    name   = "greeting"
    only   = ["chroot.x"]
    inline = ["echo hi"]
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleaning up"]
  }
  post-processors {
    post-processor "checksum" {
      checksum_types = ["sha256"]
      except         = ["chroot.other"]
    }
    post-processor "manifest" {
    }
  }
}`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
    expect(analysis.config.builds[0]!.errorCleanupProvisioner?.type).toBe('shell-local');
  });
  it('check the error-cleanup-provisioner with its type’s schema, and allow one', async () => {
    const text = `${SOURCE}build {
  sources = ["source.chroot.x"]
  error-cleanup-provisioner "shell-local" {
    inlin = ["x"]
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["y"]
  }
}`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['missing-field', rangeOf(text, 'error-cleanup-provisioner "shell-local" {')],
      ['unknown-field', rangeOf(text, 'inlin')],
      ['duplicate-block', rangeOf(text, 'error-cleanup-provisioner', 1)],
    ]);
  });
  it('check hcp_packer_registry with Packer’s rules', async () => {
    const text = `${SOURCE}build {
  sources = ["source.chroot.x"]
  hcp_packer_registry {
    bucket_name   = "x"
    labels        = { a = "b" }
    bucket_labels = { a = "b" }
  }
}`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-value', rangeOf(text, '"x"', 1)],
      ['conflicting-fields', rangeOf(text, 'labels')],
    ]);
  });
});

describe('variables', () => {
  it('validation: a failing default is an error at the default, with the error message', async () => {
    const text = `variable "size" {
  default = "3X"
  validation {
    condition     = can(regex("^[0-9]+[GM]$", var.size))
    error_message = "The size must be a number followed by G or M."
  }
}
${SOURCE}build {
  sources = ["source.chroot.x"]
}`;
    const [d] = errors(await check(text));
    expect(d).toMatchObject({ code: 'variable-validation', range: rangeOf(text, '"3X"') });
    expect(d!.message).toContain('The size must be a number followed by G or M.');
  });
  it('sensitive values are accepted and remembered', async () => {
    const text = `variable "password" {\n  type      = string\n  default   = "x"\n  sensitive = true\n}\n${SOURCE}build {\n  sources = ["source.chroot.x"]\n}\n`;
    const analysis = await check(text);
    expect(errors(analysis)).toEqual([]);
    expect(analysis.evaluation.variables.get('password')!.sensitive).toBe(true);
  });
});

describe('one fault, one diagnostic', () => {
  it('a block where none is expected is reported once, its content not read', async () => {
    const text = `packer {
  build {
    provisioner "shell" {
      inline = ["a"]
    }
    provisioner "shell" {
      inline = ["{{ .Nope }}"]
    }
  }
}
${SOURCE}build {
  sources = ["source.chroot.x"]
}`;
    const found = errors(await check(text));
    expect(found.map((d) => [d.code, d.range])).toEqual([['unknown-field', rangeOf(text, 'build')]]);
  });
});
