import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { parseJson } from '../../template/json/parse-json.js';
import { locate, type Location } from '../../template/locate.js';
import { cursorAt } from './support/cursor.js';

beforeAll(async () => {
  await initHclParser();
});

function at(marked: string): Location {
  const { text, position } = cursorAt(marked, '‸');
  return locate(parseHcl('t.pkr.hcl', text), position);
}

const TEMPLATE = `source "chroot" "base" {
  source_image = "https://example.com/\${var.name}.img"
  chroot_mounts = [["proc", "proc", "/proc"]]
  chroot_env = { LANG = "C.UTF-8", TZ = var.tz }
}

build {
  sources = ["source.chroot.base"]
  provisioner "shell" {
    inline = [format("echo %s", upper(local.greeting))]
  }
}
`;

function mark(search: string, offsetInSearch: number): string {
  const at = TEMPLATE.indexOf(search);
  if (at < 0) throw new Error(`fixture lacks ${search}`);
  const cut = at + offsetInSearch;
  return `${TEMPLATE.slice(0, cut)}‸${TEMPLATE.slice(cut)}`;
}

describe('locate', () => {
  it('finds nothing but the file body outside blocks', () => {
    const loc = at('‸\nsource "chroot" "x" {}\n');
    expect(loc.blocks).toEqual([]);
    expect(loc.attribute).toBeUndefined();
  });

  it('names the block header part: type or label', () => {
    expect(at(mark('source "chroot"', 2)).header).toEqual({ part: 'type' });
    expect(at(mark('"base"', 3)).header).toEqual({ part: 'label', index: 1 });
    expect(at(mark('"base"', 3)).blocks.map((b) => b.type)).toEqual(['source']);
  });

  it('is inside a body between attributes, not on any attribute', () => {
    const loc = at('locals {\n  a = 1\n  ‸\n}\n');
    expect(loc.blocks.map((b) => b.type)).toEqual(['locals']);
    expect(loc.attribute).toBeUndefined();
    expect(loc.header).toBeUndefined();
  });

  it('is outside a block right after its closing brace', () => {
    expect(at('locals {\n  a = 1\n}‸\n').blocks).toEqual([]);
  });

  it('tells the attribute name from its value', () => {
    const onName = at(mark('source_image', 3));
    expect(onName.attribute?.name).toBe('source_image');
    expect(onName.attributePart).toBe('name');
    expect(onName.exprs).toEqual([]);
    expect(at(mark('source_image =', 13)).attributePart).toBe('value');
  });

  it('gives the literal piece of a string and the offset in its raw text', () => {
    const loc = at(mark('example.com', 7));
    expect(loc.expr?.type).toBe('template');
    expect(loc.text?.part.raw).toBe('https://example.com/');
    expect(loc.text?.offset).toBe('https://example.com'.length - 4);
    expect(loc.interpolation).toBeUndefined();
  });

  it('goes into an interpolation to the traversal', () => {
    const loc = at(mark('var.name', 5));
    expect(loc.expr).toMatchObject({ type: 'traversal', root: 'var', steps: [{ name: 'name' }] });
    // The `${var.name}` part holding it.
    expect(loc.interpolation).toMatchObject({ kind: 'interpolation', expr: loc.expr });
    expect(loc.exprs.map((e) => e.type)).toEqual(['template', 'traversal']);
    expect(loc.text).toBeUndefined();
  });

  it('treats the cursor right after ${…} as literal text', () => {
    const loc = at(mark('}.img', 1));
    expect(loc.interpolation).toBeUndefined();
    expect(loc.text?.part.raw).toBe('.img');
    expect(loc.text?.offset).toBe(0);
  });

  it('finds the innermost element of nested tuples', () => {
    const loc = at(mark('"/proc"', 2));
    expect(loc.exprs.map((e) => e.type)).toEqual(['tuple', 'tuple', 'template']);
    expect(loc.text?.offset).toBe(1);
  });

  it('tells object keys from values', () => {
    const key = at(mark('LANG', 2));
    expect(key.objectItem?.side).toBe('key');
    expect(key.objectItem?.item.keyName).toBe('LANG');
    const value = at(mark('var.tz', 4));
    expect(value.objectItem?.side).toBe('value');
    expect(value.objectItem?.item.keyName).toBe('TZ');
    expect(value.expr).toMatchObject({ type: 'traversal', root: 'var' });
    expect(at(mark('LANG =', 5)).objectItem?.side).toBe('separator');
  });

  it('walks nested blocks outermost first and into call arguments', () => {
    const loc = at(mark('local.greeting', 7));
    expect(loc.blocks.map((b) => b.type)).toEqual(['build', 'provisioner']);
    expect(loc.attribute?.name).toBe('inline');
    expect(loc.exprs.map((e) => e.type)).toEqual(['tuple', 'call', 'call', 'traversal']);
  });

  it('holds the end of what was just typed', () => {
    const loc = at('locals {\n  a = var.x‸\n}\n');
    expect(loc.attribute?.name).toBe('a');
    expect(loc.expr).toMatchObject({ type: 'traversal', root: 'var' });
  });

  it('finds the attribute being typed even while it is a syntax error', () => {
    const loc = at('locals {\n  a = var.‸\n  b = 1\n}\n');
    expect(loc.attribute?.name).toBe('a');
    expect(loc.attributePart).toBe('value');
  });

  it('finds the offset inside a multi-line heredoc piece', () => {
    const loc = at('a = <<EOF\nfirst\nsec‸ond\nEOF\n');
    expect(loc.text?.part.raw).toBe('first\nsecond\n');
    expect(loc.text?.offset).toBe('first\nsec'.length);
  });

  it('works on JSON templates too', () => {
    const { text, position } = cursorAt('{"builders": [{"type": "chroot", "mount_path": "/mnt/{{.De‸vice}}"}]}', '‸');
    const loc = locate(parseJson('t.json', text), position);
    expect(loc.attribute?.name).toBe('builders');
    expect(loc.objectItem?.item.keyName).toBe('mount_path');
    expect(loc.objectItem?.side).toBe('value');
    expect(loc.text?.offset).toBe('/mnt/{{.De'.length);
  });
});
