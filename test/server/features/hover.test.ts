import { beforeAll, describe, expect, it } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { hover } from '../../../server/features/hover.js';
import { analyzeTexts, initTemplateEngine } from '../support/analysis.js';
import { withCursor } from '../support/cursor.js';

beforeAll(async () => {
  await initTemplateEngine();
});

function hoverAt(marked: string, path = '/work/t/main.pkr.hcl'): string | undefined {
  const { text, position } = withCursor(marked);
  const analysis = analyzeTexts({ [path]: text });
  const file = analysis.files.find((f) => f.path === path)!;
  const result: Hover | null = hover(analysis, file, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

describe('hover', () => {
  it('documents a field with its type, default and template data', () => {
    const text = hoverAt('source "chroot" "b" {\n  mount_pa|th = "/mnt/x"\n}\n')!;
    expect(text).toContain('**mount_path**');
    expect(text).toContain('a string');
    expect(text).toContain('/mnt/chrootforge/{{.Device}}');
    expect(text).toContain('{{.Device}}');
  });

  it('documents a builder type label', () => {
    expect(hoverAt('source "chr|oot" "b" {\n}\n')).toContain('**chroot**');
  });

  it('documents template data inside a string, and says when it is not available there', () => {
    expect(hoverAt('source "chroot" "b" {\n  command_wrapper = "sudo {{.Com|mand}}"\n}\n')).toContain(
      'Template data of `command_wrapper`',
    );
    expect(hoverAt('source "chroot" "b" {\n  mount_path = "/mnt/{{.Mount|Path}}"\n}\n')).toContain(
      'Not available in `mount_path`: use `.Device`',
    );
  });

  it("shows a variable's description and value", () => {
    const text = hoverAt(
      'variable "size" {\n  description = "Image size"\n  default = "2G"\n}\nsource "chroot" "b" {\n  image_size = var.si|ze\n}\n',
    )!;
    expect(text).toContain('**var.size**');
    expect(text).toContain('Image size');
    expect(text).toContain('"2G"');
  });

  it("shows a local's value", () => {
    expect(
      hoverAt('locals {\n  out = "x-${1 + 1}"\n}\nsource "chroot" "b" {\n  output_image = local.o|ut\n}\n'),
    ).toContain('"x-2"');
  });

  it('documents an HCL function with its signature', () => {
    expect(hoverAt('locals {\n  a = upp|er("x")\n}\n')).toMatch(/upper\(.*string/);
  });

  it('documents a field of a legacy JSON builder', () => {
    const text = hoverAt('{\n  "builders": [{"type": "chroot", "mount_p|ath": "/mnt"}]\n}\n', '/work/t/t.json');
    expect(text).toContain('**mount_path**');
  });

  it('says nothing on whitespace', () => {
    expect(hoverAt('source "chroot" "b" {\n|\n}\n')).toBeUndefined();
  });
});

describe('hover in var files', () => {
  it('documents the variable a var file sets, with the value it gets', async () => {
    const { parseSource } = await import('../../../template/analyze.js');
    const { text, position } = withCursor('ima|ge = "prod.img"\n');
    const varFile = parseSource({ path: '/work/t/prod.pkrvars.hcl', text });
    const analysis = analyzeTexts(
      { '/work/t/main.pkr.hcl': 'variable "image" {\n  description = "The base image"\n  default = "a.img"\n}\n' },
      '/work/t',
      [varFile],
    );
    const result = hover(analysis, varFile, position);
    const value = (result!.contents as MarkupContent).value;
    expect(value).toContain('The base image');
    expect(value).toContain('Value: `"prod.img"` (from var-file)');
  });
});
