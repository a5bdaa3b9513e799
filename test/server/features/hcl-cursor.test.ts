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
    expect(c.blocks.map((b) => [b.type, b.labels])).toEqual([['build', []], ['provisioner', ['shell']]]);
    expect(c.blocks[1]!.names).toEqual(['inline', 'script']);
  });

  it('is not fooled by braces in strings, comments and heredocs', () => {
    const c = at('source "chroot" "a" {\n  # a } comment\n  x = "}{"\n  y = <<EOF\n}\nEOF\n  /* } */\n  |\n}\n');
    expect(c.blocks.map((b) => b.type)).toEqual(['source']);
    expect(c.where).toBe('body');
  });

  it('tells a label, a value, a string and an interpolation apart', () => {
    expect(at('source "chroot" "na|').label).toEqual({ blockType: 'source', index: 1, prefix: 'na' });
    expect(at('source "c" "n" {\n  from_scratch = tr|\n}\n')).toMatchObject({ where: 'value', attribute: 'from_scratch', word: 'tr' });
    expect(at('source "c" "n" {\n  mount_path = "/mnt/{{.D|"\n}\n')).toMatchObject({ where: 'string', stringPrefix: '/mnt/{{.D' });
    expect(at('source "c" "n" {\n  mount_path = "/mnt/${var.x|}"\n}\n')).toMatchObject({ where: 'value', word: 'var.x' });
    // `$${` is a literal `${`: still in the string.
    expect(at('source "c" "n" {\n  mount_path = "$${var.x|"\n}\n').where).toBe('string');
  });

  it('tracks the call and argument index', () => {
    expect(at('locals {\n  a = format("%s", lower("x"), |)\n}\n').call).toEqual({ name: 'format', argIndex: 2 });
  });
});
