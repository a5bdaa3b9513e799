import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, TextEdit } from 'vscode-languageserver/node';
import { completeHcl, type CompletionInput } from '../../../server/features/completion.js';
import { buildConfiguration } from '../../../template/configuration.js';
import { initHclParser, parseHcl } from '../../../template/hcl/parse-hcl.js';
import { applyEdits, withCursor } from '../support/cursor.js';

const PATH = '/work/t/main.pkr.hcl';

beforeAll(async () => {
  await initHclParser();
});

/** Completes at the `|` of a text (the configuration is parsed from the same text). */
function complete(marked: string, extra: Partial<CompletionInput> = {}): { items: CompletionItem[]; text: string } {
  const { text, position } = withCursor(marked);
  const { config } = buildConfiguration([parseHcl(PATH, text)]);
  const list = completeHcl({ text, path: PATH, config, ...extra }, position);
  return { items: list.items, text };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function accept(result: { items: CompletionItem[]; text: string }, label: string): string {
  const item = result.items.find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label} in ${labels(result.items).join(', ')}`);
  return applyEdits(result.text, [item.textEdit as TextEdit]);
}

describe('completion: blocks and attributes', () => {
  it('offers nothing inside a comment, and fields again on the next line', () => {
    expect(complete('source "chroot" "a" {\n  # mou|\n}\n').items).toEqual([]);
    expect(complete('source "chroot" "a" {\n  /* set mou| later */\n}\n').items).toEqual([]);
    expect(labels(complete('source "chroot" "a" {\n  # note\n  mou|\n}\n').items)).toContain('mount_path');
  });

  it('offers top-level block types with builder types as snippet choices', () => {
    const result = complete('so|');
    expect(labels(result.items)).toEqual(expect.arrayContaining(['source', 'build', 'variable', 'locals', 'packer']));
    const source = result.items.find((i) => i.label === 'source')!;
    expect((source.textEdit as TextEdit).newText).toContain('${1|chroot,amazon-chroot,azure-chroot,arm,arm-image|}');
    expect(accept(result, 'build')).toBe('build {\n\t$0\n}');
  });

  it('offers the source fields of its builder type, with docs, and not those already set', () => {
    const result = complete('source "chroot" "base" {\n  source_image = "a.img"\n  mou|\n  mount_path = "/mnt"\n}\n');
    const names = labels(result.items);
    expect(names).toContain('mount_partition');
    expect(names).toContain('command_wrapper');
    expect(names).not.toContain('source_image');
    expect(names).not.toContain('mount_path');
    const wrapper = result.items.find((i) => i.label === 'command_wrapper')!;
    expect(JSON.stringify(wrapper.documentation)).toContain('{{.Command}}');
    expect(accept(result, 'mount_partition')).toBe(
      'source "chroot" "base" {\n  source_image = "a.img"\n  mount_partition = "$1"\n  mount_path = "/mnt"\n}\n',
    );
  });

  it("offers a chroot_mounts snippet with Packer's five defaults", () => {
    const result = complete('source "chroot" "base" {\n  chr|\n}\n');
    const text = accept(result, 'chroot_mounts (Packer defaults)');
    for (const mount of [
      '"proc", "proc", "/proc"',
      '"sysfs", "sysfs", "/sys"',
      '"bind", "/dev", "/dev"',
      '"devpts", "devpts", "/dev/pts"',
      '"binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"',
    ]) {
      expect(text).toContain(`[${mount}]`);
    }
  });

  it('offers provisioner types inside a provisioner label, and provisioner fields by type', () => {
    expect(labels(complete('build {\n  provisioner "|"\n}\n').items)).toEqual(
      expect.arrayContaining(['shell', 'file', 'shell-local']),
    );
    const shell = labels(complete('build {\n  provisioner "shell" {\n    |\n  }\n}\n').items);
    expect(shell).toEqual(
      expect.arrayContaining(['inline', 'script', 'scripts', 'environment_vars', 'execute_command']),
    );
    expect(shell).not.toContain('mount_path');
  });

  it('offers boolean and enum values', () => {
    expect(labels(complete('source "chroot" "b" {\n  from_scratch = |\n}\n').items)).toEqual(
      expect.arrayContaining(['true', 'false']),
    );
    expect(labels(complete('source "chroot" "b" {\n  output_format = "|"\n}\n').items)).toEqual([
      'raw',
      'qcow2',
      'tar',
      'tar.gz',
      'tar.zst',
    ]);
  });
});

describe('completion: template data and references', () => {
  it('after {{. offers only the data of that field', () => {
    expect(labels(complete('source "chroot" "b" {\n  mount_path = "/mnt/{{.|}}"\n}\n').items)).toEqual(['Device']);
    expect(labels(complete('source "chroot" "b" {\n  post_mount_commands = ["echo {{.|"]\n}\n').items).sort()).toEqual([
      'Device',
      'MountPath',
    ]);
    const result = complete('source "chroot" "b" {\n  command_wrapper = "sudo {{.Co|}}"\n}\n');
    expect(accept(result, 'Command')).toBe('source "chroot" "b" {\n  command_wrapper = "sudo {{.Command}}"\n}\n');
  });

  it('offers var. and local. names', () => {
    const head =
      'variable "image" {\n  default = "a.img"\n}\nvariable "size" {\n  default = "2G"\n}\nlocals {\n  out = "x"\n}\n';
    expect(labels(complete(`${head}source "chroot" "b" {\n  source_image = var.|\n}\n`).items).sort()).toEqual([
      'image',
      'size',
    ]);
    expect(labels(complete(`${head}source "chroot" "b" {\n  output_image = "\${local.|}"\n}\n`).items)).toEqual([
      'out',
    ]);
  });

  it("offers source.<type>.<name> in a build's sources", () => {
    const result = complete(
      'source "chroot" "base" {\n}\nsource "chroot" "other" {\n}\nbuild {\n  sources = ["|"]\n}\n',
    );
    expect(labels(result.items)).toEqual(['source.chroot.base', 'source.chroot.other']);
  });

  it('offers HCL functions in a value', () => {
    const names = labels(complete('source "chroot" "b" {\n  output_image = |\n}\n').items);
    expect(names).toEqual(expect.arrayContaining(['format', 'join', 'lower']));
  });

  it('offers files relative to the template for x-path fields', () => {
    const listDir = (dir: string) =>
      dir === '/work/t/images/'
        ? [{ name: 'base.img', isDirectory: false }]
        : [
            { name: 'images', isDirectory: true },
            { name: 'main.pkr.hcl', isDirectory: false },
          ];
    expect(labels(complete('source "chroot" "b" {\n  source_image = "|"\n}\n', { listDir }).items)).toEqual([
      'images/',
      'main.pkr.hcl',
    ]);
    const result = complete('source "chroot" "b" {\n  source_image = "images/ba|"\n}\n', { listDir });
    expect(accept(result, 'base.img')).toContain('source_image = "images/base.img"');
  });
});

describe('completion in var files', () => {
  it('offers the declared variables not set yet', () => {
    const { text, position } = withCursor('image = "a.img"\n|');
    const { config } = buildConfiguration([
      parseHcl(PATH, 'variable "image" {\n  default = "x"\n}\nvariable "size" {\n  description = "Image size"\n}\n'),
    ]);
    const items = completeHcl({ text, path: '/work/t/prod.pkrvars.hcl', config }, position).items;
    expect(labels(items)).toEqual(['size']);
    expect(applyEdits(text, [items[0]!.textEdit as TextEdit])).toBe('image = "a.img"\nsize = $1');
  });
});
