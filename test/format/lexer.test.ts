/**
 * Token boundaries of the scanner: the formatter depends on seeing exactly
 * the tokens hclsyntax produces (comments owning their newline, heredoc
 * lines as literals, `}` closing a template sequence or an object).
 */
import { describe, expect, it } from 'vitest';
import { lexHcl } from '../../template/format/index.js';

const kinds = (text: string): string[] => lexHcl(text).tokens.map((t) => `${t.type}:${t.text}`);

describe('lexHcl', () => {
  it('scans an attribute with spaces recorded before each token', () => {
    const { tokens } = lexHcl('a  =\t1\n');
    expect(tokens.map((t) => [t.type, t.text, t.spacesBefore])).toEqual([
      ['Ident', 'a', 0],
      ['Equal', '=', 2],
      ['NumberLit', '1', 1],
      ['Newline', '\n', 0],
      ['EOF', '', 0],
    ]);
  });

  it('gives line comments their newline (LF and CRLF) and keeps block comments apart', () => {
    expect(kinds('# a\r\n// b\n/* c\n d */\n')).toEqual([
      'Comment:# a\r\n',
      'Comment:// b\n',
      'Comment:/* c\n d */',
      'Newline:\n',
      'EOF:',
    ]);
  });

  it('scans identifiers with dashes and unicode, and numbers with exponents', () => {
    expect(kinds('post-processor é日本 1.5e+3 1. x')).toEqual([
      'Ident:post-processor',
      'Ident:é日本',
      'NumberLit:1.5e+3',
      'NumberLit:1',
      'Dot:.',
      'Ident:x',
      'EOF:',
    ]);
  });

  it('prefers the longest operator', () => {
    expect(kinds('a==b!=c<=d>=e&&f||g=>h...')).toEqual([
      'Ident:a',
      'EqualOp:==',
      'Ident:b',
      'NotEqual:!=',
      'Ident:c',
      'LessThanEq:<=',
      'Ident:d',
      'GreaterThanEq:>=',
      'Ident:e',
      'And:&&',
      'Ident:f',
      'Or:||',
      'Ident:g',
      'FatArrow:=>',
      'Ident:h',
      'Ellipsis:...',
      'EOF:',
    ]);
  });

  it('splits a quoted template into literals and sequences; {{ }} stays literal', () => {
    expect(kinds('"x ${ a } {{.Device}} $${y}%{~ if b ~}z%{ endif }"')).toEqual([
      'OQuote:"',
      'QuotedLit:x ',
      'TemplateInterp:${',
      'Ident:a',
      'TemplateSeqEnd:}',
      'QuotedLit: {{.Device}} $${y}',
      'TemplateControl:%{~',
      'Ident:if',
      'Ident:b',
      'TemplateSeqEnd:~}',
      'QuotedLit:z',
      'TemplateControl:%{',
      'Ident:endif',
      'TemplateSeqEnd:}',
      'CQuote:"',
      'EOF:',
    ]);
  });

  it('tells an object brace inside ${ } from the brace that ends the sequence', () => {
    expect(kinds('"${ {a = 1}.a }"')).toEqual([
      'OQuote:"',
      'TemplateInterp:${',
      'OBrace:{',
      'Ident:a',
      'Equal:=',
      'NumberLit:1',
      'CBrace:}',
      'Dot:.',
      'Ident:a',
      'TemplateSeqEnd:}',
      'CQuote:"',
      'EOF:',
    ]);
  });

  it('scans a heredoc line by line, the closing marker keeping its indentation', () => {
    expect(kinds('x = <<-EOT\n  a ${b}\n  EOT\n')).toEqual([
      'Ident:x',
      'Equal:=',
      'OHeredoc:<<-EOT\n',
      'StringLit:  a ',
      'TemplateInterp:${',
      'Ident:b',
      'TemplateSeqEnd:}',
      'StringLit:\n',
      'CHeredoc:  EOT',
      'Newline:\n',
      'EOF:',
    ]);
  });

  it('does not close a heredoc on a line that only starts with the marker', () => {
    const types = lexHcl('x = <<EOF\nEOF2\nEOF\n').tokens.map((t) => t.type);
    expect(types).toEqual(['Ident', 'Equal', 'OHeredoc', 'StringLit', 'CHeredoc', 'Newline', 'EOF']);
  });

  it('strips a byte-order mark, counting it as three spaces as hclwrite does', () => {
    const { tokens, bomLength } = lexHcl('\uFEFFa = 1');
    expect(bomLength).toBe(1);
    expect(tokens[0]).toMatchObject({ type: 'Ident', text: 'a', start: 0, spacesBefore: 3 });
  });

  it('never throws on what it cannot scan: an Invalid token, then on', () => {
    expect(lexHcl('a = 1 @ b').tokens.map((t) => t.type)).toEqual([
      'Ident',
      'Equal',
      'NumberLit',
      'Invalid',
      'Ident',
      'EOF',
    ]);
    for (const broken of ['a = "x\n', 'a = <<EOF\nx\n', 'a = 1 /* x', 'a = 1\r', 'a = "\\']) {
      expect(lexHcl(broken).tokens.at(-1)?.type, broken).toBe('EOF');
    }
  });
});
