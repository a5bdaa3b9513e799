/**
 * What a demanding author found missing (issue 12), against a real server
 * process: legacy JSON completion as good as HCL's, one diagnostic per
 * root cause while typing, hover on values, references and keywords,
 * completion of type constraints, `only` names and tuple elements,
 * required fields marked, range formatting that stays in its range,
 * folding without duplicates, and semantic tokens for the whole text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CompletionItem,
  CompletionList,
  FoldingRange,
  Hover,
  InitializeResult,
  SemanticTokens,
  TextEdit,
} from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { applyEdits, withCursor } from './support/cursor.js';
import { LspProcess, type PublishedDiagnostics } from './support/lsp-process.js';

let server: LspProcess;
let dir: string;
let init: InitializeResult;
let opened = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cf-authoring-'));
  server = new LspProcess();
  init = await server.initialize(dir);
});

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the marked text as a new document; the diagnostics of it, and the cursor's position. */
async function open(marked: string, suffix = '.pkr.hcl') {
  const { text, position } = marked.includes('|') ? withCursor(marked) : { text: marked, position: undefined };
  // One directory per document: each is its own configuration.
  const uri = pathToUri(join(dir, `d${++opened}`, `t${suffix}`));
  const published = server.diagnosticsFor(uri);
  await server.open(uri, text, suffix.endsWith('.json') ? 'json' : 'hcl');
  return { uri, text, position: position!, diagnostics: published };
}

async function complete(marked: string, suffix = '.pkr.hcl'): Promise<CompletionItem[]> {
  const { uri, position } = await open(marked, suffix);
  const list = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  return list.items;
}

async function hoverText(marked: string, suffix = '.pkr.hcl'): Promise<string> {
  const { uri, position } = await open(marked, suffix);
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  return hover ? JSON.stringify(hover.contents) : '';
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('legacy JSON completion', () => {
  it('offers builder types before the closing quote is typed', async () => {
    expect(labels(await complete('{"builders": [{"type": "|', '.json'))).toEqual(
      expect.arrayContaining(['chroot', 'amazon-chroot', 'azure-chroot']),
    );
  });

  it("offers a field's enum values inside its string, closed or not", async () => {
    const values = ['raw', 'qcow2', 'tar', 'tar.gz', 'tar.zst'];
    expect(labels(await complete('{"builders": [{"type": "chroot", "output_format": "|"}]}', '.json'))).toEqual(values);
    expect(labels(await complete('{"builders": [{"type": "chroot", "output_format": "q|', '.json'))).toEqual(values);
  });

  it('offers the declared variables in {{user `…`}}', async () => {
    const items = await complete(
      '{"variables": {"image": "a.img", "size": "2G"}, "builders": [{"type": "chroot", "source_image": "{{user `|`}}"}]}',
      '.json',
    );
    expect(labels(items)).toEqual(['image', 'size']);
  });

  it("offers the field's template data after {{. in a string not closed yet", async () => {
    expect(labels(await complete('{"builders": [{"type": "chroot", "mount_path": "/mnt/{{.|', '.json'))).toEqual([
      'Device',
    ]);
  });

  it('marks the fields a builder still needs, and sorts them first', async () => {
    const items = await complete('{"builders": [{"type": "chroot", "|"}]}', '.json');
    const image = items.find((i) => i.label === 'source_image')!;
    expect(image.detail).toBe('required');
    expect(image.labelDetails?.description).toBe('required');
    expect([...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]!.label).toBe('source_image');
  });
});

describe('one diagnostic per root cause while typing', () => {
  const syntax = (p: PublishedDiagnostics) => p.diagnostics.filter((d) => d.code === 'json-syntax');

  it('reports one syntax error where the text breaks off, not one per open bracket', async () => {
    for (const text of [
      '{"builders": [{"type": "chroot", "mou',
      '{"builders": [{"type": "chroot", "mount_path": ',
      '{"builders": [{"type": "chroot", "source_image": "a.img",}]}',
    ]) {
      const { diagnostics } = await open(text, '.json');
      expect({ text, syntax: syntax(await diagnostics).length }).toEqual({ text, syntax: 1 });
    }
  });

  it('reports a missing type once', async () => {
    for (const text of [
      '{"builders": [{}]}',
      '{"builders": [{"type": "chroot", "from_scratch": true}], "provisioners": [{}]}',
      '{"builders": [{"type": "chroot", "from_scratch": true}], "post-processors": [[{}]]}',
    ]) {
      const { diagnostics } = await open(text, '.json');
      const aboutType = (await diagnostics).diagnostics.filter((d) => /"type"/.test(d.message));
      expect({ text, messages: aboutType.map((d) => d.message) }).toEqual({
        text,
        messages: [expect.stringMatching(/needs a "type"/)],
      });
    }
  });

  it('says only what is missing for an open [ or a name not typed yet, not what the rest then means', async () => {
    const template = (value: string) =>
      `variable "image" {\n  default = "a.img"\n}\nsource "chroot" "base" {\n  source_image = ${value}\n  mount_path = "/mnt/{{.Device}}"\n}\nbuild {\n  sources = ["source.chroot.base"]\n  provisioner "shell" {\n    inline = ["echo", <<EOF\necho hi\nEOF\n    ]\n  }\n}\n`;
    for (const value of ['var[\n.image', 'var.[\nimage', 'var.']) {
      const { diagnostics } = await open(template(value));
      const messages = (await diagnostics).diagnostics.map((d) => d.message);
      expect({ value, messages }).toEqual({ value, messages: [expect.stringMatching(/expression|attribute name/i)] });
    }
  });
});

describe('hover', () => {
  it('explains an enum value', async () => {
    const text = await hoverText('source "chroot" "a" {\n  output_format = "qc|ow2"\n}\n');
    expect(text).toContain('a value of `output_format`');
  });

  it('explains a source reference, as a string of build.sources or as a reference', async () => {
    const declared = 'source "chroot" "base" {\n  source_image = "a.img"\n}\n';
    expect(await hoverText(`${declared}build {\n  sources = ["source.chroot.ba|se"]\n}\n`)).toContain(
      'source \\"chroot\\" \\"base\\"',
    );
    expect(await hoverText(`${declared}build {\n  sources = [source.chroot.ba|se]\n}\n`)).toContain(
      'source \\"chroot\\" \\"base\\"',
    );
  });

  it('explains block keywords', async () => {
    expect(await hoverText('bui|ld {\n}\n')).toContain('Says what to build');
    expect(await hoverText('sou|rce "chroot" "a" {\n}\n')).toContain('chroot');
    expect(await hoverText('vari|able "x" {\n}\n')).toContain('input variable');
  });
});

describe('completion', () => {
  it('offers type keywords for a variable type', async () => {
    expect(labels(await complete('variable "x" {\n  type = |\n}\n'))).toEqual(
      expect.arrayContaining(['string', 'number', 'bool', 'any', 'list', 'map', 'object']),
    );
    expect(labels(await complete('variable "x" {\n  type = list(|)\n}\n'))).toContain('string');
  });

  it('offers source names in only = ["…"]', async () => {
    const items = await complete(
      'source "chroot" "base" {}\nsource "chroot" "arm" {}\nbuild {\n  sources = ["source.chroot.base"]\n  provisioner "shell" {\n    only = ["|"]\n  }\n}\n',
    );
    expect(labels(items)).toEqual(['chroot.base', 'chroot.arm']);
  });

  it('offers the [partition, path] pair in partition_mounts, and what each position holds', async () => {
    const pair = await complete('source "chroot" "a" {\n  partition_mounts = [|]\n}\n');
    expect(pair[0]!.textEdit!.newText).toBe('["${1:partition number}", "${2:absolute path inside the root}"]');
    const second = await complete('source "chroot" "a" {\n  partition_mounts = [["1", |]]\n}\n');
    expect(second[0]!.label).toBe('Absolute path inside the root');
  });

  it('marks required fields and sorts them first; a condition that holds no more unmarks them', async () => {
    const fresh = await complete('source "chroot" "a" {\n  |\n}\n');
    expect(fresh.find((i) => i.label === 'source_image')!.detail).toBe('required');
    expect(fresh.filter((i) => i.detail === 'required').every((i) => i.sortText!.startsWith('0'))).toBe(true);
    const scratch = await complete('source "chroot" "a" {\n  from_scratch = true\n  |\n}\n');
    expect(scratch.filter((i) => i.detail === 'required')).toEqual([]);
  });
});

describe('formatting, folding, semantic tokens', () => {
  it('formats only the lines of the range', async () => {
    const lines = [
      'source "chroot" "a" {',
      '  source_image = "a.img"',
      '  image_size = "2G"',
      '  mount_partition = "1"',
      '  output_format = "raw"',
      '  mount_path = "/mnt"',
      '}',
      '',
    ];
    const text = lines.join('\n');
    const { uri } = await open(text);
    const edits = await server.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 23 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    // Lines 2-3 of the range: line 3 is aligned already. Lines 1, 4 and 5 would change too, but are outside it.
    expect(edits.map((e) => e.range.start.line)).toEqual([2]);
    const after = applyEdits(text, edits).split('\n');
    expect(after.slice(2, 4)).toEqual(['  image_size      = "2G"', '  mount_partition = "1"']);
    expect(after.slice(4)).toEqual(lines.slice(4));
    expect(after[1]).toBe(lines[1]);
  });

  it('folds a JSON value opening on the line of another once', async () => {
    const { uri } = await open(
      '{\n  "builders": [{\n    "type": "chroot",\n    "from_scratch": true\n  }]\n}\n',
      '.json',
    );
    const folds = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds.map((f) => f.startLine)).toEqual([...new Set(folds.map((f) => f.startLine))]);
    expect(folds).toEqual([{ startLine: 1, endLine: 3 }]);
  });

  it('gives semantic tokens for the whole text with the legend it announced', async () => {
    const legend = init.capabilities.semanticTokensProvider!.legend;
    const { uri } = await open('# c\nvariable "x" {\n  default = 2\n}\n');
    const { data } = await server.request<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri },
    });
    const types = [];
    for (let i = 3; i < data.length; i += 5) types.push(legend.tokenTypes[data[i]!]);
    expect(types).toEqual(['comment', 'keyword', 'variable', 'property', 'operator', 'number']);
  });
});
