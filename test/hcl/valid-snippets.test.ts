/**
 * Valid HCL that is easy to get wrong: HashiCorp's parser (hcl2json) accepts
 * each snippet, and so must we, without a diagnostic. Also: the corpus with
 * CRLF line ends gives the same model shape as with LF.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { bodyShape, compareShapes } from './support/hcl2json-shape.js';

beforeAll(async () => {
  await initHclParser();
});

const SNIPPETS: Record<string, string> = {
  'heredoc marker with dashes': 'a = <<END-OF-TEXT\nhi\nEND-OF-TEXT\n',
  'heredoc with CRLF': 'a = <<EOF\r\nx\r\nEOF\r\n',
  'indented closing marker of a plain heredoc': 'a = <<EOF\n  x\n  EOF\n',
  'comments between tuple items': 'a = [\n  1,\n  # c\n  2\n]\n',
  'comments after object items': 'a = {\n  b = 1 # c\n  c = 2 // d\n}\n',
  'nested conditionals': 'a = x ? y : z ? 1 : 2\n',
  'for directive in a quoted string': 'a = "%{ for x in y }${x}%{ endfor }"\n',
  'namespaced function': 'a = provider::aws::arn_parse("x")\n',
  'negated traversal': 'a = -x.y\n',
  'not of parentheses': 'a = !(true)\n',
  'both for-expression kinds': 'a = [for k, v in m : v]\nb = {for k, v in m : k => v if v}\n',
  'bare and quoted labels mixed': 'block "a" b "c" {\n}\n',
  'full and attribute splats alone': 'a = x[*]\nb = x.*\n',
  'escaped backslash before the closing quote': 'a = "\\\\"\n',
  'exponent without fraction': 'a = 1e3\nb = 2E-2\n',
  'empty block on one line': 'locals {}\n',
  'single-argument block on one line': 'locals { a = 1 }\n',
  'multi-line call arguments': 'a = format(\n  "%s-%s",\n  "x",\n  "y",\n)\n',
  'multi-line conditional in parentheses': 'a = (\n  true\n  ? 1\n  : 2\n)\n',
  'interpolation spanning lines': 'a = <<EOF\n${join(",",\n  ["a", "b"])}\nEOF\n',
  'object with newline-separated items and a trailing comma': 'a = {\n  b = 1,\n  c = 2,\n}\n',
  'strip markers in a quoted string': 'a = "x ${~ y ~} z"\n',
  'legacy numeric index': 'a = x.0.y\n',
  'empty file': '',
  'only comments': '# a\n// b\n/* c */\n',
  'no newline at the end': 'a = 1',
  'tabs as indentation': 'locals {\n\ta = 1\n}\n',
  'closing heredoc marker with spaces after it': 'a = <<EOF\nx\nEOF  \t\nb = 1\n',
  'closing heredoc marker between Unicode spaces': 'a = <<EOF\nx\n\u3000EOF\u00a0\n',
  'byte-order mark': '\uFEFFa = 1\n',
  'number with an exponent after the dot': 'a = 1.e5\nb = x.1e5\n',
};

describe('valid snippets', () => {
  it.each(Object.entries(SNIPPETS))('%s', async (_name, text) => {
    const ours = parseHcl('x.pkr.hcl', text);
    expect(ours.diagnostics).toEqual([]);
    // hcl2json accepts it too (it rejects on a syntax error), with the same shape.
    expect(compareShapes(bodyShape(ours.body), await hcl2json('x.pkr.hcl', text))).toEqual([]);
  });
});

describe('line ends', () => {
  const CORPUS = join(import.meta.dirname, '../fixtures/hcl/corpus');
  const files = readdirSync(CORPUS).filter((name) => name.endsWith('.hcl'));

  it.each(files)('%s with CRLF line ends matches hcl2json too', async (name) => {
    const text = readFileSync(join(CORPUS, name), 'utf8').replace(/\n/g, '\r\n');
    const ours = parseHcl(name, text);
    expect(ours.diagnostics).toEqual([]);
    // hcl2json keeps the \r of heredoc lines; compare against it on the same text.
    expect(compareShapes(bodyShape(ours.body), await hcl2json(name, text))).toEqual([]);
  });
});
