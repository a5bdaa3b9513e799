/**
 * The language server on current Packer's language: completion and hover for
 * `packer { required_plugins { … } }` from its schema (the one that validates
 * it), `{{ }}` functions offered in HCL2 plugin fields, `data.` references,
 * and env() offered in a variable default only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { completeHcl } from '../../../server/features/completion.js';
import { hover } from '../../../server/features/hover.js';
import { buildConfiguration } from '../../../template/configuration.js';
import { initHclParser, parseHcl } from '../../../template/hcl/parse-hcl.js';
import { analyzeTexts, initTemplateEngine } from '../support/analysis.js';
import { withCursor } from '../support/cursor.js';

const PATH = '/work/t/main.pkr.hcl';

beforeAll(async () => {
  await initHclParser();
  await initTemplateEngine();
});

function complete(marked: string): CompletionItem[] {
  const { text, position } = withCursor(marked);
  const { config } = buildConfiguration([parseHcl(PATH, text)]);
  return completeHcl({ text, path: PATH, config }, position).items;
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function hoverAt(marked: string): string | undefined {
  const { text, position } = withCursor(marked);
  const analysis = analyzeTexts({ [PATH]: text });
  const result: Hover | null = hover(analysis, analysis.files[0]!, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

describe('packer block', () => {
  it('offers required_plugins and required_version in packer {}', () => {
    expect(labels(complete('packer {\n  |\n}\n'))).toEqual(
      expect.arrayContaining(['required_version', 'required_plugins']),
    );
  });

  it('offers an entry for each plugin the template uses but does not require, and a blank one', () => {
    const items = complete(`packer {
  required_plugins {
    |
  }
}
source "amazon-chroot" "a" {
}
source "qemu" "b" {
}
build {
  sources = ["source.amazon-chroot.a"]
  provisioner "shell" {
  }
  provisioner "ansible-local" {
  }
}
`);
    expect(labels(items)).toEqual(['amazon', 'qemu', 'ansible', 'plugin requirement']);
    const amazon = items[0]!;
    expect(amazon.detail).toBe('plugin providing amazon-chroot');
    expect((amazon.textEdit as TextEdit).newText).toBe(
      'amazon = {\n\tversion = "${1}"\n\tsource = "github.com/${2:OWNER}/amazon"\n}',
    );
  });

  it('offers the keys of an entry inside its object, from the schema', () => {
    const items = complete('packer {\n  required_plugins {\n    amazon = {\n      |\n    }\n  }\n}\n');
    expect(labels(items)).toEqual(['version', 'source']);
    expect((items[0]!.textEdit as TextEdit).newText).toBe('version = "$1"');
  });

  it('documents an entry key and the entry itself on hover', () => {
    const text =
      'packer {\n  required_plugins {\n    amazon = {\n      ver|sion = ">= 1"\n      source = "github.com/hashicorp/amazon"\n    }\n  }\n}\n';
    expect(hoverAt(text)).toContain('**version**');
    expect(hoverAt(text)).toContain('`~>`');
    const entry = hoverAt('packer {\n  required_plugins {\n    ama|zon = {}\n  }\n}\n');
    expect(entry).toContain('plugin requirement');
  });
});

describe('expressions', () => {
  it('offers env() alone in a variable default, and no function in the packer block', () => {
    const inDefault = labels(complete('variable "a" {\n  default = |\n}\n'));
    expect(inDefault).toContain('env');
    expect(inDefault).not.toContain('lower');
    expect(labels(complete('locals {\n  a = |\n}\n'))).not.toContain('env');
    expect(labels(complete('locals {\n  a = |\n}\n'))).toContain('lower');
  });

  it('completes data source types and names after data.', () => {
    const declared = 'data "amazon-ami" "debian" {\n}\n';
    expect(labels(complete(`${declared}locals {\n  a = data.|\n}\n`))).toEqual(['amazon-ami']);
    expect(labels(complete(`${declared}locals {\n  a = data.amazon-ami.|\n}\n`))).toEqual(['debian']);
  });

  it('offers the legacy functions a plugin renders in an HCL2 plugin field, not user or env', () => {
    const names = labels(complete('source "chroot" "a" {\n  mount_path = "/mnt/{{ |"\n}\n'));
    expect(names).toEqual(expect.arrayContaining(['.Device', 'timestamp', 'isotime', 'uuid', 'build_name']));
    expect(names).not.toContain('user');
    expect(names).not.toContain('env');
    expect(labels(complete('source "amazon-chroot" "a" {\n  ami_name = "x-{{ |"\n}\n'))).toContain(
      'clean_resource_name',
    );
  });

  it('explains a data source reference on hover', () => {
    const text = hoverAt(
      'data "http" "list" {\n  url = "https://example.invalid"\n}\nlocals {\n  a = data.http.li|st.body\n}\n',
    );
    expect(text).toContain('**data.http.list**');
    expect(text).toContain('not known here');
  });
});
