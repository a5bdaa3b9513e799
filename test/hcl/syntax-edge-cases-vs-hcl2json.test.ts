/**
 * Broken texts the corpus and the random damage rarely reach — carriage
 * returns without their newline, numbers the scanner takes whole but that
 * have no value, attribute-only splats, heredoc markers, the end of the
 * text inside a string — with the errors HashiCorp's parser (hcl2json)
 * reports: same summaries at the same places, in the same order. (The
 * parser's diagnostics are these faults; its duplicate arguments come
 * from its model, see duplicate-attributes.ts.)
 */
import { describe, expect, it } from 'vitest';
import { checkHclSyntax } from '../../template/hcl/hcl-syntax-check.js';
import { referenceErrors } from './support/hcl2json-errors.js';

/**
 * The check's errors in the shape of {@link referenceErrors}. Lines are
 * counted as HCL counts them, at `\n` only: diagnostics (LSP positions)
 * also end a line at a lone carriage return.
 */
function checkErrors(text: string): string[] {
  const { faults, redefined } = checkHclSyntax(text, 'x.pkr.hcl');
  const at = (offset: number): string => {
    const before = text.slice(0, offset);
    return `${before.split('\n').length},${offset - before.lastIndexOf('\n')}`;
  };
  return [...faults, ...redefined].map((f) => `${at(f.start)}-${at(f.end)} ${f.message.split(';')[0]}`);
}

const BROKEN: Record<string, string> = {
  'carriage return alone between tokens': 'a = 1 \r b = 2\n',
  'carriage return alone at the end of a line': 'a = 1\r\nb = 2\r',
  'carriage return alone in a quoted string': 'a = "x\ry"\n',
  'carriage returns before a newline in a quoted string': 'a = "x\r\r\n"\n',
  'carriage return alone in a heredoc': 'a = <<EOF\nx\rEOF\nEOF\n',
  'carriage return after a closing heredoc marker': 'a = <<EOF\nx\nEOF\r\r\n',
  'closing heredoc marker at the end of the text': 'a = <<EOF\nx\nEOF',
  'closing heredoc marker before a zero-width no-break space': 'a = <<EOF\nx\nEOF\uFEFF\n',
  'heredoc ending in a dollar sign': 'a = <<EOF\nx$',
  'quoted string ending in a dollar sign': 'a = "x$',
  'quoted string ending in a percent sign': 'a = "x%',
  'quoted string ending in a backslash': 'a = "x\\',
  'number with two dots': 'a = 1.5.2\n',
  'number with two dots in a row': 'a = 1..2\n',
  'number with two exponents': 'a = 1e5e6\n',
  'number with a dot after its exponent': 'a = 1e5.3\n',
  'invalid number, then a missing newline': 'a = 1.2.3.4.5 b\n',
  'invalid number in an interpolation': 'a = "${1.2.3}"\n',
  'invalid number in parentheses hides later errors': 'a = (1.2.3) + )\n',
  'invalid number as a legacy index': 'a = x.1e5e5\n',
  'chained legacy index': 'a = x.1.2.3\n',
  'legacy index chained through an exponent': 'a = x.1.e5\n',
  'nested attribute-only splat': 'a = x.*.*\n',
  'chained legacy index in an attribute-only splat': 'a = x.*.1.2\n',
  'string after an attribute-only splat': 'a = x.*."a"\n',
  'invalid number in an attribute-only splat': 'a = x.*.1e5e5\n',
  'block opened at the end of the text': 'b {',
  'single-line block left open': 'b { a = 1',
  'argument set twice': 'a = 1\na = 2\n',
};

describe('syntax errors of edge cases, against hcl2json', () => {
  it.each(Object.entries(BROKEN))('%s', async (_name, text) => {
    const expected = await referenceErrors('x.pkr.hcl', text);
    expect(expected.length).toBeGreaterThan(0);
    expect(checkErrors(text)).toEqual(expected);
  });
});
