/**
 * Nesting past MAX_NESTING is refused with one error at the place that
 * crosses the limit — in analysis, in fmt and in the language server —
 * instead of exhausting the stack in some later recursive walk. Just under
 * the limit everything still works.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHcl } from '../../template/format/format.js';
import { MAX_NESTING, mayNestTooDeep, NESTED_TOO_DEEPLY } from '../../template/nesting-limit.js';
import { LineIndex } from '../../template/text/line-index.js';
import { pathToUri } from '../../server/workspace/files.js';
import { LspProcess } from '../server/support/lsp-process.js';
import { analyzeFiles } from '../support/analyze-text.js';

/** A text nesting `depth` levels, and the offset where level MAX_NESTING + 1 opens (when it does). */
interface Nested {
  text: (depth: number) => string;
  /** Offset of the opening that crosses the limit, for constructs counted by their brackets. */
  crossing?: (text: string) => number;
}

const nthIndexOf = (text: string, needle: string, n: number): number => {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  return at;
};
const repeat = (s: string, n: number): string => s.repeat(n);
const hclValue = (value: string): string => `locals {\n  a = ${value}\n}\n`;

const HCL: Record<string, Nested> = {
  tuples: { text: (d) => hclValue(repeat('[', d) + repeat(']', d)), crossing: (t) => nthIndexOf(t, '[', MAX_NESTING) },
  parentheses: {
    text: (d) => hclValue(`${repeat('(', d)}1${repeat(')', d)}`),
    crossing: (t) => nthIndexOf(t, '(', MAX_NESTING),
  },
  // The locals block is the first level.
  objects: {
    text: (d) => hclValue(`${repeat('{ x = ', d)}1${repeat(' }', d)}`),
    crossing: (t) => nthIndexOf(t, '{', MAX_NESTING + 1),
  },
  // A quoted string and its `${` are a level each.
  'string templates': {
    text: (d) => hclValue(`${repeat('"${', d)}1${repeat('}"', d)}`),
    crossing: (t) => nthIndexOf(t, '${', MAX_NESTING / 2),
  },
  'unary operators': { text: (d) => hclValue(`${repeat('-', d)}1`) },
  'binary operators': { text: (d) => hclValue(Array(d).fill('1').join(' + ')) },
  conditionals: { text: (d) => hclValue(`${repeat('true ? ', d)}1${repeat(' : 2', d)}`) },
  'template directives': {
    text: (d) => hclValue(`<<EOT\n${repeat('%{ if true }', d)}x${repeat('%{ endif }', d)}\nEOT`),
  },
};

const jsonTemplate = (field: string): string =>
  `{"builders": [{"type": "chroot", "source_image": "base.img", "command_wrapper": ${field}}]}`;

const JSON_CASES: Record<string, Nested> = {
  // The template object, "builders" and the builder are the first three levels.
  arrays: {
    text: (d) => jsonTemplate(repeat('[', d) + repeat(']', d)),
    crossing: (t) => nthIndexOf(t, '[', MAX_NESTING - 1),
  },
  'Go template parentheses': {
    text: (d) => jsonTemplate(`"{{ ${repeat('(', d)}.Command${repeat(')', d)} }}"`),
    crossing: (t) => nthIndexOf(t, '(', MAX_NESTING + 1),
  },
  'Go template blocks': {
    text: (d) => jsonTemplate(`"${repeat('{{if true}}', d)}{{.Command}}${repeat('{{end}}', d)}"`),
    crossing: (t) => nthIndexOf(t, 'if', MAX_NESTING + 1),
  },
};

const tooDeep = (message: string): boolean => message.includes(NESTED_TOO_DEEPLY);

async function check(name: string, cases: Record<string, Nested>): Promise<void> {
  for (const [kind, nested] of Object.entries(cases)) {
    const shallow = await analyzeFiles({ [name]: nested.text(MAX_NESTING / 4) });
    expect(
      shallow.diagnostics.filter((d) => tooDeep(d.message)),
      `${kind} at ${MAX_NESTING / 4} levels`,
    ).toEqual([]);
    // Constructs without brackets are bounded by the syntax tree's depth: at about the limit, not exactly.
    for (const depth of nested.crossing ? [MAX_NESTING + 1, 20_000] : [20_000]) {
      const text = nested.text(depth);
      const refused = (await analyzeFiles({ [name]: text })).diagnostics.filter((d) => tooDeep(d.message));
      expect(refused, `${kind} at ${depth} levels`).toHaveLength(1);
      if (nested.crossing)
        expect(refused[0]!.range.start, `${kind} at ${depth} levels`).toEqual(
          new LineIndex(text).positionAt(nested.crossing(text)),
        );
    }
  }
}

describe('nesting past the limit', () => {
  it('HCL: one error where the nesting crosses it, and none just under it', async () => {
    await check('t.pkr.hcl', HCL);
  });

  it('JSON and the Go templates in it: one error where the nesting crosses it', async () => {
    await check('t.json', JSON_CASES);
  });

  it('fmt refuses nesting it would have to recurse into, with the same error, and formats one just under it', () => {
    // A long `a + a + …` or `%{ if }` run is flat to the formatter: it lays it out.
    const flat = new Set(['binary operators', 'template directives']);
    for (const [kind, nested] of Object.entries(HCL)) {
      const result = formatHcl(nested.text(20_000), 't.pkr.hcl');
      expect(result.ok, kind).toBe(flat.has(kind));
      if (!result.ok)
        expect(
          result.diagnostics.map((d) => d.message),
          kind,
        ).toEqual([NESTED_TOO_DEEPLY]);
      expect(formatHcl(nested.text(MAX_NESTING / 4), 't.pkr.hcl').ok, kind).toBe(true);
    }
  });
});

let server: LspProcess | undefined;
afterAll(() => server?.kill());

describe('the language server on a deeply nested document', () => {
  it('publishes the error and answers every request', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-nesting-'));
    server = new LspProcess();
    await server.initialize(dir);
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    const published = server.diagnosticsFor(uri);
    await server.open(uri, HCL['binary operators']!.text(20_000));
    expect((await published).diagnostics.map((d) => d.message)).toContain(NESTED_TOO_DEEPLY);
    const position = { line: 1, character: 8 };
    const requests: Array<[string, object]> = [
      ['textDocument/completion', { position }],
      ['textDocument/hover', { position }],
      ['textDocument/definition', { position }],
      ['textDocument/documentSymbol', {}],
      ['textDocument/foldingRange', {}],
      ['textDocument/semanticTokens/full', {}],
      ['textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } }],
      ['textDocument/codeAction', { range: { start: position, end: position }, context: { diagnostics: [] } }],
    ];
    for (const [method, params] of requests) {
      await expect(server.request(method, { textDocument: { uri }, ...params }), method).resolves.not.toThrow();
    }
    expect(server.logs.filter((l) => l.includes(' failed: '))).toEqual([]);
    expect(await server.stop()).toBe(0);
  });
});

describe('mayNestTooDeep (the nesting walk is skipped when it is false)', () => {
  it('is true from MAX_NESTING + 1 opening characters on, counted over all of them', () => {
    expect(mayNestTooDeep('['.repeat(MAX_NESTING), ['{', '['])).toBe(false);
    expect(mayNestTooDeep('['.repeat(MAX_NESTING + 1), ['{', '['])).toBe(true);
    expect(mayNestTooDeep(`${'{'.repeat(MAX_NESTING / 2)}x${'['.repeat(MAX_NESTING / 2 + 1)}`, ['{', '['])).toBe(true);
    expect(mayNestTooDeep('('.repeat(MAX_NESTING * 2), ['{', '['])).toBe(false);
  });
});
