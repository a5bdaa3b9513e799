/**
 * A syntax error costs as little of the file as possible: what follows it
 * still yields blocks and attributes, and the line being typed still gives
 * the editor an attribute to complete.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Body } from '../../template/model.js';
import { locate } from '../../template/locate.js';
import { cursorAt } from './support/cursor.js';

beforeAll(async () => {
  await initHclParser();
});

/** `type "label" { name=<kind> … }` outline of a body, for compact expectations. */
function outline(body: Body): string[] {
  return [
    ...body.attributes.map((a) => `${a.name}=${a.value.type}`),
    ...body.blocks.map(
      (b) => `${[b.type, ...b.labels.map((l) => l.value)].join(' ')} { ${outline(b.body).join(' ')} }`,
    ),
  ];
}

function broken(name: string): Body {
  const file = parseHcl(name, readFileSync(join(import.meta.dirname, '../fixtures/hcl/broken', name), 'utf8'));
  expect(file.diagnostics.length).toBeGreaterThan(0);
  return file.body;
}

describe('structure after syntax errors', () => {
  it('a missing value does not swallow the next line', () => {
    expect(outline(broken('missing-value.pkr.hcl'))).toEqual([
      'source chroot a { source_image=invalid mount_partition=template }',
    ]);
  });

  it('an unterminated string keeps the attributes after it', () => {
    expect(outline(broken('unterminated-string.pkr.hcl'))).toEqual(['locals { a=invalid b=literal }']);
  });

  it('keeps both attributes written on one line', () => {
    expect(outline(broken('two-attributes-one-line.pkr.hcl'))).toEqual(['locals { a=literal b=literal }']);
  });

  it('keeps the block around an invalid character, escape or bare name', () => {
    expect(outline(broken('invalid-character.pkr.hcl'))).toEqual(['locals { a=invalid }']);
    expect(outline(broken('bad-escape.pkr.hcl'))).toEqual(['locals { a=invalid }']);
    expect(outline(broken('bare-name.pkr.hcl'))).toEqual(['source chroot a {  }']);
  });

  it('keeps the block before a stray closing brace', () => {
    expect(outline(broken('extra-brace.pkr.hcl'))).toEqual(['locals { a=literal }']);
  });

  it('keeps every later block after an error in the first one', () => {
    const text = [
      'source "chroot" "a" {',
      '  source_image = "x.img" "y"',
      '  mount_partition = ',
      '}',
      'variable "v" {',
      '  default = [1, 2]',
      '}',
      'build {',
      '  sources = ["source.chroot.a"]',
      '  provisioner "shell" {',
      '    inline = ["echo ${var.v[0]}"]',
      '  }',
      '}',
      '',
    ].join('\n');
    const file = parseHcl('t.pkr.hcl', text);
    expect(file.diagnostics.map((d) => d.code)).toEqual(['hcl-syntax']);
    expect(outline(file.body)).toEqual([
      'source chroot a { source_image=invalid mount_partition=invalid }',
      'variable v { default=tuple }',
      'build { sources=tuple provisioner shell { inline=tuple } }',
    ]);
  });

  it('puts the attribute being typed under the cursor, with its broken text as an invalid value', () => {
    const { text, position } = cursorAt('source "chroot" "a" {\n  mount_path = var.‸\n  copy_files = []\n}\n', '‸');
    const file = parseHcl('t.pkr.hcl', text);
    const loc = locate(file, position);
    expect(loc.blocks.map((b) => b.type)).toEqual(['source']);
    expect(loc.attribute?.name).toBe('mount_path');
    expect(loc.attributePart).toBe('value');
    expect(loc.expr?.type).toBe('invalid');
    expect(loc.expr?.range).toEqual({ start: { line: 1, character: 15 }, end: { line: 1, character: 19 } });
    expect(loc.body.attributes.map((a) => a.name)).toEqual(['mount_path', 'copy_files']);
  });

  it('puts an empty value at the end of the line after "= "', () => {
    const { text, position } = cursorAt('locals {\n  a = ‸\n}\n', '‸');
    const loc = locate(parseHcl('t.pkr.hcl', text), position);
    expect(loc.attribute?.name).toBe('a');
    expect(loc.expr).toMatchObject({ type: 'invalid', range: { start: position, end: position } });
  });
});
