/**
 * The real server process on a `.pkr.json` document next to a `.pkr.hcl`
 * file: diagnostics at the JSON text, completion and hover where the JSON
 * cursor maps to the model, and a rename that edits both syntaxes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { applyEdits } from './support/cursor.js';
import { LspProcess } from './support/lsp-process.js';

const HCL = `source "chroot" "base" {
  source_image = "https://example.com/\${var.image}"
}
`;

const JSON_TEXT = `{
  "variable": { "image": { "default": "base.img" } },
  "build": {
    "sources": ["source.chroot.base"],
    "provisioner": { "shell": { "inline": ["echo \${var.imag}"], "scirpt": "x.sh" } }
  }
}
`;

let server: LspProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

it('serves a .pkr.json document: diagnostics, completion, hover and rename across HCL and JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-lsp-hcl-json-'));
  writeFileSync(join(dir, 'sources.pkr.hcl'), HCL);
  writeFileSync(join(dir, 'main.pkr.json'), JSON_TEXT);
  const uri = pathToUri(join(dir, 'main.pkr.json'));
  server = new LspProcess();
  await server.initialize(dir);

  const published = server.diagnosticsFor(uri);
  await server.open(uri, JSON_TEXT, 'json');
  const diagnostics = (await published).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);
  const line = JSON_TEXT.split('\n')[4]!;
  expect(diagnostics).toEqual([
    ['undefined-variable', 4, line.indexOf('imag}')],
    ['unknown-field', 4, line.indexOf('"scirpt"')],
  ]);

  const completion = await server.request<CompletionList>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 4, character: line.indexOf('irpt') },
  });
  expect(completion.items.map((i) => i.label)).toContain('script');

  const hover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 4, character: line.indexOf('line"') },
  });
  expect(hover.contents.value).toContain('**inline**');

  // var.image in the .pkr.hcl file is declared in the .pkr.json file: rename both, the JSON key without its quotes.
  const hclUri = pathToUri(join(dir, 'sources.pkr.hcl'));
  const edit = await server.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', {
    textDocument: { uri },
    position: { line: 1, character: 18 },
    newName: 'disk',
  });
  expect(applyEdits(JSON_TEXT, edit.changes[uri]!)).toContain('"variable": { "disk": {');
  expect(applyEdits(HCL, edit.changes[hclUri]!)).toContain('${var.disk}');
});
