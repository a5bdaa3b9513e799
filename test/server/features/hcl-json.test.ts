/**
 * Editor features on `.pkr.json` files (HCL2 in JSON syntax): completion
 * where the JSON cursor maps to the model (completion-hcl-json.ts), hover,
 * the outline and rename through the model the engine converts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSymbol, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { completeHclJson } from '../../../server/features/completion-hcl-json.js';
import { documentSymbols } from '../../../server/features/document-symbols.js';
import { hover } from '../../../server/features/hover.js';
import { signatureHelp } from '../../../server/features/signature-help.js';
import { rangeContains } from '../../../template/text/range.js';
import { analyzeTexts, initTemplateEngine } from '../support/analysis.js';
import { applyEdits, withCursor } from '../support/cursor.js';

beforeAll(() => initTemplateEngine());

const PATH = '/work/t/main.pkr.json';

function complete(marked: string, others: Record<string, string> = {}) {
  const { text, position } = withCursor(marked);
  const config = analyzeTexts({ ...others }).config;
  const items = completeHclJson({ text, path: PATH, config }, position).items;
  return {
    labels: items.map((i) => i.label),
    accept: (label: string) => applyEdits(text, [items.find((i) => i.label === label)!.textEdit as TextEdit]),
  };
}

function hoverAt(marked: string): string | undefined {
  const { text, position } = withCursor(marked);
  const analysis = analyzeTexts({ [PATH]: text });
  const result = hover(analysis, analysis.files[0]!, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

describe('completion in .pkr.json', () => {
  it('at the top level: the block types, each inserted with one object level per label', () => {
    const result = complete('{\n  "|"\n}');
    expect(result.labels).toEqual(
      expect.arrayContaining(['variable', 'locals', 'local', 'source', 'data', 'build', 'packer']),
    );
    expect(result.accept('variable')).toBe('{\n  "variable": {\n\t"${1:name}": {\n\t\t$0\n\t}\n}\n}');
    expect(result.accept('source')).toContain('"${1|chroot,amazon-chroot,azure-chroot,arm,arm-image|}": {');
  });

  it("in a source: the plugin's fields, not those already set; nested blocks as objects", () => {
    const result = complete('{"source": {"chroot": {"x": {"source_image": "a.img", "mou|"}}}}');
    expect(result.labels).toContain('mount_path');
    expect(result.labels).not.toContain('source_image');
    expect(result.accept('mount_path')).toBe(
      '{"source": {"chroot": {"x": {"source_image": "a.img", "mount_path": "$1"}}}}',
    );
    const amazon = complete('{"source": {"amazon-chroot": {"x": {"|"}}}}');
    expect(amazon.accept('source_ami_filter')).toBe(
      '{"source": {"amazon-chroot": {"x": {"source_ami_filter": {\n\t$0\n}}}}}',
    );
  });

  it('at a label level: plugin types, and in a build the declared sources', () => {
    expect(complete('{"build": {"provisioner": [{"|"}]}}').labels).toEqual(
      expect.arrayContaining(['shell', 'file', 'shell-local', 'ansible']),
    );
    expect(complete('{"source": {"|"}}').labels).toContain('amazon-chroot');
    const hcl = { '/work/t/sources.pkr.hcl': 'source "chroot" "base" {\n  source_image = "a.img"\n}\n' };
    expect(complete('{"build": {"source": {"|"}}}', hcl).labels).toEqual(['chroot.base']);
  });

  it("in a provisioner's field; in build sources, the declared ones", () => {
    expect(complete('{"build": {"provisioner": {"shell": {"inl|"}}}}').labels).toContain('inline');
    const hcl = { '/work/t/sources.pkr.hcl': 'source "chroot" "base" {\n  source_image = "a.img"\n}\n' };
    expect(complete('{"build": {"sources": ["|"]}}', hcl).labels).toEqual(['source.chroot.base']);
  });

  it('inside ${ }: variables after var., locals after local., else roots and functions', () => {
    const other = {
      '/work/t/vars.pkr.hcl': 'variable "image" {\n  default = "a.img"\n}\nlocals {\n  out = "x"\n}\n',
    };
    const field = (value: string) => `{"source": {"chroot": {"x": {"source_image": "${value}"}}}}`;
    expect(complete(field('${var.|'), other).labels).toEqual(['image']);
    expect(complete(field('${local.|}'), other).labels).toEqual(['out']);
    const roots = complete(field('pre-${|'), other).labels;
    expect(roots).toEqual(expect.arrayContaining(['var', 'local', 'path', 'upper', 'format']));
    // $${ is a literal ${, not an interpolation.
    expect(complete(field('$${|'), other).labels).toEqual([]);
  });

  it("inside {{ }}: the field's template data and the functions a plugin renders", () => {
    const result = complete('{"source": {"chroot": {"x": {"command_wrapper": "sudo {{.|"}}}}}');
    expect(result.labels).toEqual(['Command']);
    const functions = complete('{"source": {"chroot": {"x": {"output_image": "x-{{|"}}}}}').labels;
    expect(functions).toEqual(expect.arrayContaining(['timestamp', 'uuid']));
    expect(functions).not.toContain('user');
  });

  it('enum values of a string field', () => {
    expect(complete('{"source": {"chroot": {"x": {"output_format": "|"}}}}').labels).toEqual(
      expect.arrayContaining(['raw', 'qcow2', 'tar.gz']),
    );
  });
});

describe('hover in .pkr.json', () => {
  it('documents a field at its key', () => {
    const text = hoverAt('{"source": {"chroot": {"x": {"mount_pa|th": "/mnt/x"}}}}');
    expect(text).toContain('**mount_path**');
    expect(text).toContain('{{.Device}}');
  });

  it("documents a builder type at its label key (outside the block's own range)", () => {
    expect(hoverAt('{"source": {"chr|oot": {"x": {}}}}')).toContain('**chroot**');
  });

  it('shows a variable used inside a JSON string, past escapes', () => {
    const text = hoverAt(
      '{"variable": {"size": {"description": "Image size", "default": "2G"}},\n' +
        ' "locals": {"x": "\\"quoted\\" ${var.si|ze}"}}',
    );
    expect(text).toContain('**var.size**');
    expect(text).toContain('"2G"');
  });
});

describe('the outline of a .pkr.json file', () => {
  it('every selection range lies inside its symbol (LSP requires it)', () => {
    const text = JSON.stringify(
      {
        source: { chroot: { a: { image_size: '1G' }, b: {} } },
        build: { provisioner: [{ shell: { inline: ['x'] } }] },
      },
      null,
      2,
    );
    const analysis = analyzeTexts({ [PATH]: text });
    const symbols = documentSymbols(analysis.files[0]!);
    const check = (list: DocumentSymbol[]): number =>
      list.reduce((count, s) => {
        expect(rangeContains(s.range, s.selectionRange.start), s.name).toBe(true);
        expect(rangeContains(s.range, s.selectionRange.end), s.name).toBe(true);
        return count + 1 + check(s.children ?? []);
      }, 0);
    expect(symbols.map((s) => s.name)).toEqual(['source "chroot" "a"', 'source "chroot" "b"', 'build']);
    expect(check(symbols)).toBeGreaterThan(4);
  });
});

describe('signature help in .pkr.json', () => {
  const help = (marked: string) => {
    const { text, position } = withCursor(marked);
    const result = signatureHelp(text, 'hcl-json', position);
    const signature = result?.signatures[0];
    const [from, to] = (signature?.parameters?.[result!.activeParameter!]?.label ?? [0, 0]) as [number, number];
    return signature ? { label: signature.label, active: signature.label.slice(from, to) } : undefined;
  };

  it('shows the HCL function open in a string’s ${ }, past JSON escapes', () => {
    expect(help('{"locals": {"a": "x ${join(\\",\\", |)}"}}')).toEqual({
      label: expect.stringMatching(/^join\(separator string, lists\.\.\. /),
      active: expect.stringMatching(/^lists\.\.\./),
    });
    expect(help('{"locals": {"a": "${format(\\"%s\\", upper(|"}}')?.label).toMatch(/^upper\(/);
  });

  it('shows nothing outside a ${ }, after it is closed, or for $${', () => {
    expect(help('{"locals": {"a": "join(|"}}')).toBeUndefined();
    expect(help('{"locals": {"a": "${upper(\\"a\\")} x(|"}}')).toBeUndefined();
    expect(help('{"locals": {"a": "$${upper(|"}}')).toBeUndefined();
  });
});
