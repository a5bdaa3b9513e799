/**
 * The syntax check behind "packer fmt refuses broken files": positions and
 * messages of typical mistakes, and that valid constructs pass.
 */
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';

function firstError(text: string): { line: number; character: number; message: string } | undefined {
  const r = formatHcl(text);
  if (r.ok) return undefined;
  const d = r.diagnostics[0]!;
  return { ...d.range.start, message: d.message };
}

describe('syntax check', () => {
  it.each([
    ['locals {\n  a = [1,\n}\n', 2, 0, /Missing item separator|expression/],
    ['x { a = 1\n}\n', 0, 9, /single-argument block/],
    ['source "chroot" "x" {\n  a = 1\n', 0, 20, /Unclosed configuration block/],
    ['a = \'x\'\n', 0, 4, /single quotes/],
    ['a = b & c\n', 0, 6, /bitwise/],
    ['a =\n', 0, 3, /Invalid expression/],
    ['a = "%{ foo }"\n', 0, 8, /not a directive/],
    ['a = "%{ if x }y"\n', 0, 15, /never closed/],
    ['a = [for x in y x]\n', 0, 16, /colon/],
    ['x "${y}" {\n}\n', 0, 3, /template sequences/],
    ['a = { b = 1 c = 2 }\n', 0, 12, /separator/],
    ['a = 1\n}\n', 1, 0, /Argument or block definition required/],
    ['a = "x\\qy"\n', 0, 6, /escape/],
  ])('%j fails at %i:%i', (text, line, character, message) => {
    const e = firstError(text);
    expect(e).toMatchObject({ line, character });
    expect(e!.message).toMatch(message);
  });

  it.each([
    'a = var.cond ? { x = 1 } : { x = 2 }\n',
    'a = { for k, v in var.m : k => v... if v != null }\n',
    'a = [for i, v in var.l : "${i}" if i > 0]\n',
    'a = f(\n  1,\n  var.l...\n)\n',
    'a = var.l[*].x.y\nb = var.o.*.n\nc = var.a.0\n',
    'a = <<EOF\n%{ for x in var.l ~}\n${x}\n%{ endfor ~}\nEOF\n',
    'x {}\ny "l" { a = 1 }\nz l1 "l2" {\n  b = -!true\n}\n',
    'a = { "k" : 1, (var.k) = 2,\n  c = 3 }\n',
    'a = 1 # trailing\n/* block */ b = 2\n',
  ])('accepts %j', (text) => {
    expect(firstError(text)).toBeUndefined();
  });

  it('formats 300 nested brackets, and reports (not crashes on) 20,000', () => {
    const nested = (n: number): string => `a = ${'['.repeat(n)}${']'.repeat(n)}\n`;
    expect(formatHcl(nested(300))).toEqual({ ok: true, text: nested(300) });
    expect(firstError(nested(20_000))?.message).toMatch(/nested too deeply/);
  });
});
