import { describe, expect, it } from 'vitest';
import { validateBody } from '../../template/schema/validate-body.js';
import type { SchemaRef } from '../../template/schema/schema-types.js';
import type { Diagnostic } from '../../template/model.js';
import { hclBlock, jsonBody, rangeOf, staticEvaluate } from './bodies.js';

async function hcl(ref: SchemaRef, text: string): Promise<Diagnostic[]> {
  const block = await hclBlock(text);
  return validateBody(block.body, ref, {
    file: 't.pkr.hcl',
    syntax: 'hcl',
    evaluate: staticEvaluate,
    headerRange: block.headerRange,
  });
}

function json(ref: SchemaRef, text: string): Diagnostic[] {
  const { body, header } = jsonBody(text);
  return validateBody(body, ref, { file: 't.json', syntax: 'json', evaluate: staticEvaluate, headerRange: header });
}

const AMAZON = `source "amazon-chroot" "a" {
  ami_name    = "debian-{{timestamp}}"
  source_ami  = "ami-0123456789"
  region      = "eu-west-1"
  ami_regions = ["eu-west-1"]
  tags        = { Name = "{{.SourceAMIName}}" }
  encrypt_boot = true
  kms_key_id  = "alias/images"
  root_device_name = "/dev/xvda"
  root_volume_size = 8
  ami_block_device_mappings {
    device_name = "/dev/xvda"
    volume_size = 8
    volume_type = "gp3"
    delete_on_termination = true
  }
  ami_block_device_mappings {
    device_name = "/dev/xvdb"
    no_device   = true
  }
  source_ami_filter {
    filters = { name = "debian-11-*" }
    owners  = ["amazon"]
    most_recent = true
  }
  tag {
    key   = "Team"
    value = "images"
  }
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/packer"
  }
  aws_polling {
    delay_seconds = 5
    max_attempts  = 40
  }
}`;

const AZURE = `source "azure-chroot" "a" {
  source = "Canonical:UbuntuServer:18.04-LTS:latest"
  image_resource_id = "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/images/img"
  os_disk_cache_type = "ReadWrite"
  image_hyperv_generation = "V2"
  use_azure_cli_auth = true
  shared_image_destination {
    resource_group = "rg"
    gallery_name   = "g"
    image_name     = "i"
    image_version  = "1.0.0"
    target_regions {
      name     = "westeurope"
      replicas = 2
    }
  }
}`;

describe('valid examples give no diagnostics', () => {
  it('amazon-chroot (HCL, nested and repeatable blocks)', async () => {
    expect(await hcl({ kind: 'source', type: 'amazon-chroot' }, AMAZON)).toEqual([]);
  });
  it('azure-chroot (HCL)', async () => {
    expect(await hcl({ kind: 'source', type: 'azure-chroot' }, AZURE)).toEqual([]);
  });
  it('amazon-chroot (JSON, nested blocks as arrays and objects)', () => {
    const text = `{"type": "amazon-chroot", "ami_name": "x-{{timestamp}}", "source_ami_filter": {"filters": {"name": "x"}, "owners": ["self"]},
      "root_device_name": "/dev/xvda", "root_volume_size": "8", "ami_block_device_mappings": [{"device_name": "/dev/xvda", "volume_size": 8}]}`;
    expect(json({ kind: 'source', type: 'amazon-chroot' }, text)).toEqual([]);
  });
  it('shell, file, shell-local provisioners', async () => {
    expect(
      await hcl(
        { kind: 'provisioner', type: 'shell' },
        `provisioner "shell" {
  inline = ["apt-get update"]
  environment_vars = ["DEBIAN_FRONTEND=noninteractive"]
  execute_command = "sudo sh -c '{{.Vars}} {{.Path}}'"
  only = ["chroot.base"]
  pause_before = "10s"
  max_retries = 3
  timeout = "5m"
  valid_exit_codes = [0, 2]
}`,
      ),
    ).toEqual([]);
    expect(
      await hcl(
        { kind: 'provisioner', type: 'file' },
        `provisioner "file" {
  source = "files/motd"
  destination = "/etc/motd"
}`,
      ),
    ).toEqual([]);
    expect(
      await hcl(
        { kind: 'provisioner', type: 'shell-local' },
        `provisioner "shell-local" {
  inline = ["ls \${build.MountPath}"]
  execute_command = ["/bin/bash", "-c", "{{.Vars}} {{.Script}}"]
  only_on = ["linux"]
}`,
      ),
    ).toEqual([]);
    expect(
      json(
        { kind: 'provisioner', type: 'shell' },
        `{"type": "shell", "scripts": ["a.sh", "b.sh"], "pause_before": 5, "max_retries": "3"}`,
      ),
    ).toEqual([]);
  });
  it('checksum and manifest post-processors', async () => {
    expect(
      await hcl(
        { kind: 'post-processor', type: 'checksum' },
        `post-processor "checksum" {
  checksum_types = ["sha256", "sha512"]
  output = "out/{{.BuildName}}.{{.ChecksumType}}"
  keep_input_artifact = true
}`,
      ),
    ).toEqual([]);
    expect(
      await hcl(
        { kind: 'post-processor', type: 'manifest' },
        `post-processor "manifest" {
  output = "manifest.json"
  strip_path = true
  custom_data = { commit = "abc" }
}`,
      ),
    ).toEqual([]);
  });
  it('variable, build, packer and locals blocks', async () => {
    expect(
      await hcl(
        { kind: 'variable' },
        `variable "size" {
  type = string
  default = "2G"
  description = "Image size"
  sensitive = false
  validation {
    condition = length(var.size) > 1
    error_message = "Give a size."
  }
}`,
      ),
    ).toEqual([]);
    expect(
      await hcl(
        { kind: 'build' },
        `build {
  name = "pi"
  sources = ["source.chroot.base"]
  provisioner "shell" {
    inline = ["true"]
  }
  post-processor "manifest" {}
}`,
      ),
    ).toEqual([]);
    expect(await hcl({ kind: 'packer' }, `packer {\n  required_version = ">= 1.6.0"\n}`)).toEqual([]);
    expect(await hcl({ kind: 'locals' }, `locals {\n  a = "x"\n  b = 2\n}`)).toEqual([]);
  });
  it('a legacy JSON template', () => {
    const text = `{"_comment": "x", "description": "d", "min_packer_version": "1.6.0",
      "variables": {"a": null, "b": "x"}, "sensitive-variables": ["b"],
      "builders": [{"type": "chroot", "source_image": "a.img"}],
      "provisioners": [{"type": "shell", "inline": ["x"]}],
      "post-processors": ["checksum", [{"type": "manifest"}]]}`;
    const file = jsonBody(text);
    expect(
      validateBody(
        file.body,
        { kind: 'legacy-template' },
        { file: 't.json', syntax: 'json', evaluate: staticEvaluate },
      ),
    ).toEqual([]);
  });
});

describe('defects and their ranges', () => {
  it('unknown key inside the second repeatable block marks that key', async () => {
    const text = AMAZON.replace('no_device   = true', 'no_devise   = true');
    const diagnostics = await hcl({ kind: 'source', type: 'amazon-chroot' }, text);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'unknown-field',
        range: rangeOf(text, 'no_devise'),
        data: { suggestions: ['no_device'], field: 'no_devise' },
      }),
    ]);
    expect(diagnostics[0]!.message).toContain('"ami_block_device_mappings"');
  });

  it('wrong type inside a nested JSON array element marks that value', () => {
    const text = `{"type": "amazon-chroot", "ami_name": "abc", "source_ami": "ami-1", "root_device_name": "/dev/xvda", "root_volume_size": 8,
      "ami_block_device_mappings": [{"device_name": "/dev/xvda"}, {"device_name": "/dev/xvdb", "volume_size": "big"}]}`;
    expect(json({ kind: 'source', type: 'amazon-chroot' }, text)).toEqual([
      expect.objectContaining({ code: 'invalid-type', range: rangeOf(text, '"big"') }),
    ]);
  });

  it('missing required field in a nested block marks that block header', async () => {
    const text = AZURE.replace('    image_name     = "i"\n', '');
    const diagnostics = await hcl({ kind: 'source', type: 'azure-chroot' }, text);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'missing-field',
        range: rangeOf(text, 'shared_image_destination {'),
        data: { field: 'image_name' },
      }),
    ]);
  });

  it('a block field written as an attribute in HCL, and an attribute written as a block', async () => {
    const text = `source "amazon-chroot" "a" {
  ami_name = "abc"
  source_ami = "ami-1"
  source_ami_filter = { owners = ["self"] }
  tags {
    a = "b"
  }
}`;
    const diagnostics = await hcl({ kind: 'source', type: 'amazon-chroot' }, text);
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([
      ['expected-block', rangeOf(text, 'source_ami_filter')],
      ['expected-attribute', rangeOf(text, 'tags')],
    ]);
  });

  it('a bad enum inside a list element (checksum_types)', async () => {
    const text = `post-processor "checksum" {\n  checksum_types = ["sha256", "sha265"]\n}`;
    const [d, ...rest] = await hcl({ kind: 'post-processor', type: 'checksum' }, text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'invalid-value', range: rangeOf(text, '"sha265"') });
    expect((d!.data!.suggestions as string[])[0]).toBe('sha256');
  });

  it('Packer rules: vault with keys, kms without encrypt_boot', async () => {
    const text = `source "amazon-chroot" "a" {
  ami_name = "abc"
  access_key = "A"
  secret_key = "S"
  kms_key_id = "alias/x"
  vault_aws_engine {
    name = "r"
  }
}`;
    const diagnostics = await hcl({ kind: 'source', type: 'amazon-chroot' }, text);
    // source_ami/source_ami_filter is a Prepare rule (template/rules/amazon-chroot.ts), not the schema's.
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['conflicting-fields', 'missing-field']);
    expect(diagnostics.find((d) => d.code === 'conflicting-fields')!.range).toEqual(rangeOf(text, 'vault_aws_engine'));
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/encrypt_boot/);
  });

  it('shell: none of inline/script/scripts is one diagnostic on the header; two of them conflict', async () => {
    const none = `provisioner "shell" {\n  remote_folder = "/tmp"\n}`;
    expect(await hcl({ kind: 'provisioner', type: 'shell' }, none)).toEqual([
      expect.objectContaining({ code: 'missing-field', range: rangeOf(none, 'provisioner "shell" {') }),
    ]);
    const both = `provisioner "shell" {\n  inline = ["x"]\n  script = "a.sh"\n}`;
    expect(await hcl({ kind: 'provisioner', type: 'shell' }, both)).toEqual([
      expect.objectContaining({ code: 'conflicting-fields', range: rangeOf(both, 'inline') }),
    ]);
  });

  it('a duration that is not one, in a shared provisioner field', async () => {
    const text = `provisioner "shell" {\n  inline = ["x"]\n  pause_before = "10 seconds"\n}`;
    const [d, ...rest] = await hcl({ kind: 'provisioner', type: 'shell' }, text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'invalid-value', range: rangeOf(text, '"10 seconds"') });
    expect(d!.message).toMatch(/duration/);
  });

  it('unknown key in a legacy template names the top level, with a suggestion', () => {
    const text = `{"builders": [{"type": "chroot"}], "provisioner": []}`;
    const file = jsonBody(text);
    const diagnostics = validateBody(
      file.body,
      { kind: 'legacy-template' },
      { file: 't.json', syntax: 'json', evaluate: staticEvaluate },
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'unknown-field',
        range: rangeOf(text, '"provisioner"'),
        data: { suggestions: ['provisioners'], field: 'provisioner' },
      }),
    ]);
  });

  it('a deprecated field is a warning on its key', async () => {
    const text = `provisioner "shell-local" {\n  command = "true"\n}`;
    expect(await hcl({ kind: 'provisioner', type: 'shell-local' }, text)).toEqual([
      expect.objectContaining({ code: 'deprecated-field', severity: 'warning', range: rangeOf(text, 'command') }),
    ]);
  });

  it('a JSON scalar where a list is expected is accepted (weak decoding)', () => {
    expect(
      json(
        { kind: 'source', type: 'chroot' },
        `{"type": "chroot", "source_image": "a.img", "mount_options": "noatime"}`,
      ),
    ).toEqual([]);
  });

  it('an unknown type has no schema and gives nothing here', async () => {
    expect(json({ kind: 'source', type: 'docker' }, `{"type": "docker", "image": "x"}`)).toEqual([]);
  });
});

describe('HCL dynamic blocks', () => {
  const ref = { kind: 'source', type: 'amazon-chroot' } as const;
  it('checks a dynamic block as the block it makes, with its content', async () => {
    const ok = `source "amazon-chroot" "a" {
  ami_name = "abc"
  source_ami = "ami-1"
  dynamic "tag" {
    for_each = var.tags
    content {
      key   = tag.key
      value = tag.value
    }
  }
}`;
    expect(await hcl(ref, ok)).toEqual([]);
    const bad = ok.replace('dynamic "tag"', 'dynamic "tags_block"').replace('value = tag.value', 'valeu = tag.value');
    const codes = (await hcl(ref, bad)).map((d) => [d.code, d.range]);
    expect(codes).toEqual([['unknown-field', rangeOf(bad, '"tags_block"')]]);
  });
});

describe('values Packer does not convert', () => {
  it('a number as a legacy variable default is an error on the value (Packer: expected type string)', () => {
    const text = `{"variables": {"a": "x", "b": null, "c": 5}, "builders": [{"type": "chroot", "source_image": "a.img"}]}`;
    const file = jsonBody(text);
    const diagnostics = validateBody(
      file.body,
      { kind: 'legacy-template' },
      { file: 't.json', syntax: 'json', evaluate: staticEvaluate },
    );
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid-type', range: rangeOf(text, '5') })]);
    expect(diagnostics[0]!.message).toContain('variables.c');
  });
});

describe('JSON single values where Packer expects a list', () => {
  it('an object for a list of blocks is one element; a defect inside it marks its key (Packer: ami_block_device_mappings[0].volume_sizee)', () => {
    const text = `{"type": "amazon-chroot", "ami_name": "abcd", "source_ami": "ami-1", "root_device_name": "/dev/xvda", "root_volume_size": 8,
      "ami_block_device_mappings": {"device_name": "/dev/xvda", "volume_sizee": 8}, "ami_regions": "us-east-1"}`;
    expect(json({ kind: 'source', type: 'amazon-chroot' }, text)).toEqual([
      expect.objectContaining({
        code: 'unknown-field',
        range: rangeOf(text, '"volume_sizee"'),
        data: { suggestions: ['volume_size'], field: 'volume_sizee' },
      }),
    ]);
  });
});

describe('HCL conversions (cty) versus JSON weak decoding', () => {
  const ref = { kind: 'source', type: 'amazon-chroot' } as const;
  it('HCL converts strings to numbers and booleans and numbers to strings', async () => {
    const text = `source "amazon-chroot" "a" {\n  ami_name = "abc"\n  source_ami = "ami-1"\n  root_volume_size = "8"\n  mount_partition = 1\n  ena_support = "true"\n}`;
    expect(await hcl(ref, text)).toEqual([]);
  });
  it('HCL does not convert a number to a boolean (Packer: bool required), JSON does', async () => {
    const text = `source "amazon-chroot" "a" {\n  ami_name = "abc"\n  source_ami = "ami-1"\n  skip_region_validation = 1\n}`;
    const operator = rangeOf(text, '= 1');
    const value = { start: { line: operator.start.line, character: operator.start.character + 2 }, end: operator.end };
    expect(await hcl(ref, text)).toEqual([expect.objectContaining({ code: 'invalid-type', range: value })]);
    expect(
      json(ref, `{"type": "amazon-chroot", "ami_name": "abc", "source_ami": "ami-1", "skip_region_validation": 1}`),
    ).toEqual([]);
  });
});
