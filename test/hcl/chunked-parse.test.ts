/**
 * A large valid file is parsed in chunks of whole body items (a large
 * block split again inside its body), and an edit reuses the model of the
 * chunks it left as they were. Both must give exactly the model of one
 * parse of the whole text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { convertConfigFile } from '../../template/hcl/convert-body.js';
import { convertContext } from '../../template/hcl/convert-context.js';
import { checkHclSyntax } from '../../template/hcl/hcl-syntax-check.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import { grammarCompatibleText } from '../../template/hcl/parser-input.js';
import { syntaxTree } from '../../template/hcl/syntax-node.js';
import { fileChunks, MIN_CHUNK_LENGTH, type Chunk } from '../../template/hcl/top-level-chunks.js';
import { hclParser } from '../../template/hcl/tree-sitter-loader.js';
import type { Body } from '../../template/model.js';
import { generatedTemplate } from './support/generated-template.js';

beforeAll(async () => {
  await initHclParser();
});

const PATH = '/t/main.pkr.hcl';

/** The model of one parse of the whole text (what a small file gets). */
function wholeTextModel(text: string): Body {
  const tree = hclParser().parse(grammarCompatibleText(text))!;
  try {
    expect(tree.rootNode.hasError).toBe(false);
    return convertConfigFile(convertContext(PATH, text), syntaxTree(tree.rootNode));
  } finally {
    tree.delete();
  }
}

/** Provisioners with heredocs, comments, numbers with exponents: larger than a chunk in any number. */
function provisioners(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(`
  # step ${i}
  provisioner "shell" {
    inline = [
      "echo ${i} ü",
      <<-EOT
      multi-line { [ ( "
      EOT
    ]
    max_retries = 1e${i % 3}
    environment_vars = ["N=\${${i} * 2}"]
  }
`);
  }
  return parts.join('');
}

/** A build whose body is larger than a chunk. */
function largeBuild(count: number): string {
  return `build {\n  sources = ["source.chroot.src_0"]\n${provisioners(count)}}\n`;
}

/** A large block inside a large block inside a large block. */
function nestedBuild(count: number): string {
  const inner = `    content {\n${provisioners(count)}    }\n`;
  return `build {\n  sources = []\n  dynamic "x" {\n    for_each = []\n${inner}  }\n}\n`;
}

function depthOf(chunks: readonly Chunk[]): number {
  return Math.max(0, ...chunks.map((chunk) => (chunk.block ? 1 + depthOf(chunk.block.body) : 0)));
}

const texts: Record<string, string> = {
  'many top-level blocks': generatedTemplate(5000),
  'a large build': `${generatedTemplate(300)}${largeBuild(600)}`,
  'CRLF line breaks, no final newline': `${generatedTemplate(1000)}${largeBuild(400)}`.replace(/\n/g, '\r\n').trimEnd(),
  'a large block inside a large block': `locals {\n  a = 1\n}\n${nestedBuild(500)}`,
};

describe('chunked parse of large files', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: the model of one whole-text parse`, () => {
      const chunks = fileChunks(checkHclSyntax(text, PATH).tokens, text.length);
      expect(chunks.length > 1 || chunks[0]?.block !== undefined).toBe(true);
      const file = parseHcl(PATH, text);
      expect(file.diagnostics).toEqual([]);
      expect(file.body).toEqual(wholeTextModel(text));
    });
  }

  it('splits a large block inside its body, to any depth, in chunks of at least the minimum', () => {
    const text = texts['a large block inside a large block']!;
    const chunks = fileChunks(checkHclSyntax(text, PATH).tokens, text.length);
    expect(depthOf(chunks)).toBe(3);
    const flat = (list: readonly Chunk[]): Chunk[] => list.flatMap((c) => (c.block ? flat(c.block.body) : [c]));
    const leaves = flat(chunks);
    // Every piece but the last of each body is at least a chunk long; together they hold the whole text, in order.
    expect(leaves.filter((c) => c.end - c.start < MIN_CHUNK_LENGTH).length).toBeLessThanOrEqual(3 * 2);
    for (let i = 1; i < leaves.length; i++) expect(leaves[i]!.start).toBeGreaterThan(leaves[i - 1]!.start);
  });
});

describe('a parse after an edit reuses the chunks the edit left alone', () => {
  const base = texts['a large build']!;
  const at = (needle: string, from = 0) => {
    const offset = base.indexOf(needle, from);
    expect(offset).toBeGreaterThanOrEqual(0);
    return offset;
  };
  const middle = at('echo 300');
  const edits: Array<[string, (text: string) => string]> = [
    ['a character in a line', (t) => `${t.slice(0, middle)}ECHO${t.slice(middle + 4)}`],
    ['a line added near the top', (t) => t.replace('type        = string', 'type        = string\n  # note')],
    ['a line removed', (t) => t.replace('  # note\n', '')],
    ['a syntax error', (t) => `${t.slice(0, middle)}"${t.slice(middle)}`],
    ['the error fixed', (t) => `${t.slice(0, middle)}${t.slice(middle + 1)}`],
    ['a block appended', (t) => `${t}\nvariable "late" {\n  default = 1\n}\n`],
    ['the file emptied', () => ''],
    ['the file back', () => base],
  ];

  it('gives the model of a fresh parse after each edit', () => {
    let text = base;
    let previous = parseHcl(PATH, text);
    for (const [name, edit] of edits) {
      text = edit(text);
      const incremental = parseHcl(PATH, text, previous);
      const fresh = parseHcl(PATH, text);
      expect(incremental.body, name).toEqual(fresh.body);
      expect(incremental.diagnostics, name).toEqual(fresh.diagnostics);
      previous = incremental;
    }
  });

  it('keeps the model objects of untouched chunks (no parse of them)', () => {
    const before = parseHcl(PATH, base);
    const edited = `${base.slice(0, middle)}ECHO${base.slice(middle + 4)}`;
    const after = parseHcl(PATH, edited, before);
    const build = (body: Body) => body.blocks.findLast((b) => b.type === 'build')!;
    const kept = build(after.body).body.blocks.filter((b, i) => b === build(before.body).body.blocks[i]);
    // All provisioners but those of the edited chunk are the same objects.
    expect(kept.length).toBeGreaterThan(300);
    expect(kept.length).toBeLessThan(600);
    expect(after.body.blocks[0]).toBe(before.body.blocks[0]);
  });
});

describe('a syntax error in a large file costs its chunk only', () => {
  it('recovers the broken chunk alone; every other item is what the valid file gives', () => {
    const valid = texts['a large build']!;
    const at = valid.indexOf('\n', valid.indexOf('"echo 300 ü"')) + 1;
    const broken = `${valid.slice(0, at)}      mou\n${valid.slice(at)}`;
    const before = parseHcl(PATH, valid);
    const after = parseHcl(PATH, broken);
    expect(after.diagnostics.map((d) => d.code)).toContain('hcl-syntax');
    const build = (body: Body) => body.blocks.findLast((b) => b.type === 'build')!;
    const [was, is] = [build(before.body).body.blocks, build(after.body).body.blocks];
    // Only the broken chunk's provisioners may be lost (one parse of the whole text lost the whole build);
    // those before the fault are the same, those after moved down a line.
    expect(is.length).toBeGreaterThan(was.length * 0.9);
    expect(is[0]).toEqual(was[0]);
    expect(is[10]).toEqual(was[10]);
    const last = (list: typeof was) => list[list.length - 1]!;
    expect(last(is).range.start.line).toBe(last(was).range.start.line + 1);
    expect(after.body.blocks.filter((b) => b.type === 'source')).toEqual(
      before.body.blocks.filter((b) => b.type === 'source'),
    );
  });
});
