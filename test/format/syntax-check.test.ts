/**
 * The syntax check behind "packer fmt refuses broken files" (the parser's
 * own, hcl-syntax-check.ts): positions and messages of typical mistakes —
 * packer fmt names no error, so the wording is HCL's own — and that valid
 * constructs pass. Edge cases of HCL's scanner and of Packer 1.6.6's older
 * HCL are checked against a live packer fmt.
 */
import { describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/index.js';
import { skipNote } from '../support/requirements.js';
import { packerBatch, packerMissing } from './packer-reference.js';

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
    ["a = 'x'\n", 0, 4, /Single quotes are not valid/],
    ['a = b & c\n', 0, 6, /Bitwise operators are not supported/],
    ['a =\n', 0, 3, /Invalid expression/],
    ['a = "%{ foo }"\n', 0, 8, /not a valid template control keyword/],
    ['a = "%{ if x }y"\n', 0, 15, /missing its corresponding endif/],
    ['a = [for x in y x]\n', 0, 16, /colon/],
    ['x "${y}" {\n}\n', 0, 3, /Template sequences are not allowed/],
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

  it('formats 256 nested brackets, and reports (not crashes on) 257 and 20,000', () => {
    const nested = (n: number): string => `a = ${'['.repeat(n)}${']'.repeat(n)}\n`;
    expect(formatHcl(nested(256))).toEqual({ ok: true, text: nested(256) });
    expect(firstError(nested(257))?.message).toMatch(/max expression depth exceeded/);
    expect(firstError(nested(20_000))?.message).toMatch(/max expression depth exceeded/);
  });

  it('names places in messages by the file it was given', () => {
    const r = formatHcl('a = 1\na = 2\n', 'x.pkr.hcl');
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      'Attribute redefined; The argument "a" was already set at x.pkr.hcl:1,1-2. Each argument may be set only once.',
    ]);
  });
});

/** Texts packer fmt 1.6.6 refuses although the formatter's old check let them through, or the other way round. */
const REFUSED: Record<string, string> = {
  'namespaced function (newer HCL only)': 'a = provider::aws::arn_parse("x")\n',
  'chained legacy index': 'a = x.0.1\n',
  'number with two dots': 'a = 1.5.2\n',
  'number with two exponents': 'a = 1e5e6\n',
  'invalid number in an interpolation': 'a = "${1.2.3}"\n',
  'exponent beyond big.Float': 'a = 1e2147483647\n',
  'nested attribute-only splat': 'a = x.*.*\n',
  'chained legacy index in an attribute-only splat': 'a = x.*.1.2\n',
  'carriage return alone between tokens': 'a = 1 \r b = 2\n',
  'carriage return alone in a quoted string': 'a = "x\ry"\n',
  'carriage return alone in a heredoc': 'a = <<EOF\nx\rEOF\nEOF\n',
  'closing heredoc marker at the end of the text': 'a = <<EOF\nx\nEOF',
  'closing heredoc marker before a zero-width no-break space': 'a = <<EOF\nx\nEOF\uFEFF\nb = 1\n',
  'argument set twice': 'a = 1\na = 2\n',
};

const FORMATTED: Record<string, string> = {
  'closing heredoc marker with spaces after it': 'a = <<EOF\nx\nEOF  \t\nb    = 1\n',
  'closing heredoc marker before a next-line character': 'a = <<EOF\nx\nEOF\u0085\nb    = 1\n',
  'closing heredoc marker between Unicode spaces': 'a = <<EOF\nx\n\u3000EOF\u00a0\nb    = 1\n',
  'number with an exponent after the dot': 'a    = 1.e5\nb = x.1e5\n',
  'largest exponents': 'a = 1e2147483646\nbb = 0.0001e2147483650\nc = 0e99999999999\n',
  'byte-order mark': '\uFEFFa    = 1\n',
};

describe("edge cases of HCL's scanner and of Packer 1.6.6's HCL", () => {
  it.each(Object.entries(REFUSED))('refuses: %s', (_name, text) => {
    expect(formatHcl(text).ok).toBe(false);
  });

  it.each(Object.entries(FORMATTED))('formats: %s', (_name, text) => {
    expect(formatHcl(text).ok).toBe(true);
  });

  const reason = packerMissing();
  it.skipIf(reason)(`refuses and formats them as packer fmt does${skipNote(reason)}`, () => {
    const texts = new Map(
      [...Object.entries(REFUSED), ...Object.entries(FORMATTED)].map(([, text], i) => [`e${i}.pkr.hcl`, text]),
    );
    const { refused, formatted } = packerBatch(texts);
    const disagreements = [...texts].flatMap(([name, text]) => {
      const ours = formatHcl(text);
      if (ours.ok === refused.has(name))
        return [`${name}: packer ${refused.has(name) ? 'refused' : 'formatted'} ${JSON.stringify(text)}`];
      return ours.ok && ours.text !== formatted.get(name) ? [`${name}: output differs`] : [];
    });
    expect(refused.size).toBe(Object.keys(REFUSED).length);
    expect(disagreements).toEqual([]);
  });
});
