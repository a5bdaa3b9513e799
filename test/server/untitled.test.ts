/**
 * New unsaved buffers (`untitled:` URIs) against a real server process
 * (issue 12): the language comes from the languageId, the buffer is a
 * configuration of its own (no directory), and it gets diagnostics,
 * completion, hover and formatting like a saved file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionList, Hover, TextEdit } from 'vscode-languageserver/node';
import { applyEdits } from './support/cursor.js';
import { LspProcess } from './support/lsp-process.js';

const TEMPLATE = `source "chroot" "a" {
  source_image = "a.img"
  mount_pathh = "/mnt"
  output_format   =   "qcow2"

}
`;

let server: LspProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function started(): Promise<LspProcess> {
  dir = mkdtempSync(join(tmpdir(), 'cf-untitled-'));
  server = new LspProcess();
  await server.initialize(dir);
  return server;
}

describe('untitled documents', () => {
  it('a packer buffer gets diagnostics, completion, hover and formatting', async () => {
    const lsp = await started();
    const uri = 'untitled:Untitled-1';
    const published = lsp.diagnosticsFor(uri);
    await lsp.open(uri, TEMPLATE, 'packer');
    const { diagnostics } = await published;
    expect(diagnostics.map((d) => d.message).join('\n')).toContain('mount_pathh');
    const completion = await lsp.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 2 },
    });
    expect(completion.items.map((i) => i.label)).toContain('mount_partition');
    const hover = await lsp.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    });
    expect(JSON.stringify(hover.contents)).toContain('source_image');
    const edits = await lsp.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(TEMPLATE, edits)).toContain('  output_format = "qcow2"\n');
    expect(await lsp.stop()).toBe(0);
  });

  it('a JSON buffer holding a legacy template is checked as one; other languages are left alone', async () => {
    const lsp = await started();
    const json = 'untitled:Untitled-2';
    const published = lsp.diagnosticsFor(json);
    await lsp.open(json, '{"builders": [{"type": "chroot", "source_imag": "a.img"}]}\n', 'json');
    expect((await published).diagnostics.map((d) => d.message).join('\n')).toContain('source_imag');
    const text = 'untitled:Untitled-3';
    await lsp.open(text, 'source "chroot" "a" {}\n', 'plaintext');
    expect(await lsp.request('textDocument/documentSymbol', { textDocument: { uri: text } })).toEqual([]);
    expect(lsp.published.filter((p) => p.uri === text)).toEqual([]);
    expect(await lsp.stop()).toBe(0);
  });

  it('a packer-vars buffer is a var file: only its own syntax is checked, and edits re-check it', async () => {
    const lsp = await started();
    const uri = 'untitled:Untitled-4';
    const first = lsp.diagnosticsFor(uri);
    await lsp.open(uri, 'image = "a.img"\n', 'packer-vars');
    expect((await first).diagnostics).toEqual([]);
    const second = lsp.diagnosticsFor(uri, (p) => p.version === 2);
    await lsp.change(uri, 2, 'image = \n');
    expect((await second).diagnostics.map((d) => d.code)).toContain('hcl-syntax');
    expect(await lsp.stop()).toBe(0);
  });
});
