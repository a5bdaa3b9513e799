import { describe, expect, it } from 'vitest';
import { hclCursor } from '../../../server/features/shared/hcl-cursor.js';
import { withCursor } from '../support/cursor.js';

function at(marked: string) {
  const { text, offset } = withCursor(marked);
  return hclCursor(text, offset);
}

describe('hcl cursor scan', () => {
  it('finds enclosing blocks with labels, and names set before and after the cursor', () => {
    const c = at('build {\n  provisioner "shell" {\n    inline = ["a"]\n    |\n    script = "x"\n  }\n}\n');
    expect(c.where).toBe('body');
    expect(c.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['build', []],
      ['provisioner', ['shell']],
    ]);
    expect(c.blocks[1]!.names).toEqual(['inline', 'script']);
  });

  it('is not fooled by braces in strings, comments and heredocs', () => {
    const c = at('source "chroot" "a" {\n  # a } comment\n  x = "}{"\n  y = <<EOF\n}\nEOF\n  /* } */\n  |\n}\n');
    expect(c.blocks.map((b) => b.type)).toEqual(['source']);
    expect(c.where).toBe('body');
  });

  it('tells a label, a value, a string and an interpolation apart', () => {
    expect(at('source "chroot" "na|').label).toEqual({ blockType: 'source', index: 1, prefix: 'na' });
    expect(at('source "c" "n" {\n  from_scratch = tr|\n}\n')).toMatchObject({
      where: 'value',
      attribute: 'from_scratch',
      word: 'tr',
    });
    expect(at('source "c" "n" {\n  mount_path = "/mnt/{{.D|"\n}\n')).toMatchObject({
      where: 'string',
      stringPrefix: '/mnt/{{.D',
    });
    expect(at('source "c" "n" {\n  mount_path = "/mnt/${var.x|}"\n}\n')).toMatchObject({
      where: 'value',
      word: 'var.x',
    });
    // `$${` is a literal `${`: still in the string.
    expect(at('source "c" "n" {\n  mount_path = "$${var.x|"\n}\n').where).toBe('string');
  });

  it('tracks the call and argument index', () => {
    expect(at('locals {\n  a = format("%s", lower("x"), |)\n}\n').call).toEqual({ name: 'format', argIndex: 2 });
  });

  it('counts only the commas before the cursor in a call', () => {
    expect(at('locals {\n  a = join(|",", ["b"])\n}\n').call).toEqual({ name: 'join', argIndex: 0 });
    expect(at('locals {\n  a = format("%s", |1, 2)\n}\n').call).toEqual({ name: 'format', argIndex: 1 });
  });

  it('reads a word the cursor is in up to the cursor, and counts it whole as set', () => {
    const c = at('source "c" "n" {\n  mou|nt_path = "/mnt"\n}\n');
    expect(c).toMatchObject({ where: 'body', word: 'mou' });
    expect(c.blocks[0]!.names).toEqual(['mount_path']);
    expect(at('source "c" "n" {\n  a = var.im|age\n}\n')).toMatchObject({ where: 'value', word: 'var.im' });
  });

  it('tells a label from the text after it when the cursor is in the label', () => {
    expect(at('build {\n  provisioner "sh|ell" {\n  }\n}\n')).toMatchObject({
      where: 'label',
      label: { blockType: 'provisioner', index: 0, prefix: 'sh' },
    });
    expect(at('source "chroot" |"a" {\n}\n')).toMatchObject({ where: 'body', header: ['source'] });
  });

  it('is in a value right after ${ or %{ and inside their closing ~}', () => {
    expect(at('locals {\n  a = "x-${|}"\n}\n')).toMatchObject({ where: 'value', word: '', attribute: 'a' });
    expect(at('locals {\n  a = "%{ for x in xs ~|}${x}%{ endfor }"\n}\n').where).toBe('value');
    expect(at('locals {\n  a = "${var.x}"|\n}\n')).toMatchObject({ where: 'value', word: '' });
  });

  it('reads heredoc lines as a string, with their templates as values', () => {
    expect(at('locals {\n  a = <<-EOF\n    echo {{.Dev|\n  EOF\n}\n')).toMatchObject({
      where: 'string',
      stringPrefix: '    echo {{.Dev',
    });
    expect(at('locals {\n  a = <<EOF\nhi ${upper(|\nEOF\n}\n')).toMatchObject({
      where: 'value',
      call: { name: 'upper', argIndex: 0 },
    });
    expect(at('locals {\n  a = <<EOF\nx\nEOF\n  |\n}\n')).toMatchObject({
      where: 'body',
      blocks: [{ type: 'locals' }],
    });
  });

  it('ends a string left open at the end of its line', () => {
    expect(at('source "c" "n" {\n  mount_path = "/mnt/x|')).toMatchObject({ where: 'string', stringPrefix: '/mnt/x' });
    const c = at('source "c" "n" {\n  mount_path = "/mnt\n  y = 1\n  |\n}\n');
    expect(c).toMatchObject({ where: 'body', blocks: [{ type: 'source' }] });
    // A block label left open ends there too (the next line is not label text).
    expect(at('build {\n  provisioner "sh\n  pau|\n}\n')).toMatchObject({ where: 'body', word: 'pau' });
  });

  it('knows when the cursor is in a comment, and what stands around it', () => {
    expect(at('source "c" "n" {\n  # mount_path = "|\n}\n')).toMatchObject({
      where: 'comment',
      word: '',
      blocks: [{ type: 'source' }],
    });
    expect(at('locals {\n  a = 1 // note|\n}\n')).toMatchObject({ where: 'comment', attribute: 'a', word: '' });
    expect(at('locals {\n  a = f(1, /* g(| */\n  )\n}\n')).toMatchObject({
      where: 'comment',
      call: { name: 'f', argIndex: 1 },
    });
    // A `/*` never closed runs to the end of the text.
    expect(at('build {\n  /* a = f(b|\n  x {\n')).toMatchObject({
      where: 'comment',
      word: '',
      blocks: [{ type: 'build' }],
    });
    // Just after a comment, on the next line, or after a closed one: not in it.
    expect(at('source "c" "n" {\n  # note\n  mou|\n}\n')).toMatchObject({ where: 'body', word: 'mou' });
    expect(at('locals {\n  a = /* x */ |\n}\n')).toMatchObject({ where: 'value', attribute: 'a' });
  });
});
