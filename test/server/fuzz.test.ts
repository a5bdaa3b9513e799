/**
 * Fuzz: 5,000 random edit sequences through one real server process. The
 * edits splice fragments of real templates, brackets, quotes, `${`, `{{`,
 * heredoc markers and random characters into the document; after each
 * sequence one request of a random kind. The server must never die and
 * must answer every request (a result or an LSP error response).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { LspProcess } from './support/lsp-process.js';

const SEQUENCES = 5000;
const SEED = 20261125;

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = `variable "image" {
  default = "base.img"
}
locals {
  out = "\${var.image}.out"
}
source "chroot" "base" {
  source_image = var.image
  mount_path = "/mnt/{{.Device}}"
  chroot_mounts = [["proc", "proc", "/proc"]]
  command_wrapper = "sudo {{.Command}}"
}
build {
  sources = ["source.chroot.base"]
  provisioner "shell" {
    inline = ["echo {{.Vars}}", <<EOF
echo hi
EOF
    ]
  }
}
`;

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '{{',
  '}}',
  '{{.',
  '.',
  '=',
  '\n',
  ' ',
  '#',
  '//',
  '/*',
  '*/',
  '<<EOF\n',
  'EOF\n',
  '\\',
  'var.',
  'local.',
  'source.chroot.',
  'format(',
  ',',
  'provisioner "shell" {\n',
  'source "chroot" "x" {\n',
  'mount_path = ',
  '"{{user `x`}}"',
  '\u00e9',
  '\ud83d\ude00',
  '\t',
  '\r\n',
  '%{',
  'for x in',
  '?',
  ':',
  '...',
  '-1e9',
  'null',
];

const REQUESTS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentSymbol',
  'textDocument/formatting',
  'textDocument/foldingRange',
  'textDocument/semanticTokens/full',
  'textDocument/signatureHelp',
  'textDocument/codeAction',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/rangeFormatting',
];

let server: LspProcess | undefined;
afterAll(() => server?.kill());

describe('fuzz: random edits through a real server process', () => {
  it(`survives ${SEQUENCES} edit sequences and answers every request`, { timeout: 600_000 }, async () => {
    const rand = random(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const dir = mkdtempSync(join(tmpdir(), 'cf-fuzz-'));
    server = new LspProcess();
    await server.initialize(dir);
    let doc = TextDocument.create(pathToUri(join(dir, 'main.pkr.hcl')), 'hcl', 1, START);
    await server.open(doc.uri, START);
    let answered = 0;
    let errors = 0;
    for (let seq = 0; seq < SEQUENCES; seq++) {
      if (seq % 500 === 499) {
        // Now and then start again from a sane template, so edits keep hitting real structure.
        doc = TextDocument.create(doc.uri, 'hcl', doc.version + 1, START);
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: doc.uri, version: doc.version },
          contentChanges: [{ text: START }],
        });
      }
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) {
        const length = doc.getText().length;
        const start = Math.floor(rand() * (length + 1));
        const end = rand() < 0.5 ? start : Math.min(length, start + Math.floor(rand() * 12));
        const text = rand() < 0.8 ? pick(FRAGMENTS) : String.fromCharCode(32 + Math.floor(rand() * 95));
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        doc = TextDocument.update(doc, [{ range, text }], doc.version + 1);
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: doc.uri, version: doc.version },
          contentChanges: [{ range, text }],
        });
      }
      const method = pick(REQUESTS);
      const position = doc.positionAt(Math.floor(rand() * (doc.getText().length + 1)));
      const params = {
        textDocument: { uri: doc.uri },
        position,
        range: { start: position, end: doc.positionAt(doc.offsetAt(position) + 20) },
        context: { includeDeclaration: true, diagnostics: [] },
        newName: 'renamed',
        options: { tabSize: 2, insertSpaces: true },
      };
      try {
        await server.request(method, params);
      } catch {
        errors++;
      }
      answered++;
    }
    expect(answered).toBe(SEQUENCES);
    expect(server.child.exitCode).toBeNull();
    // A final request on a known-good text still gets a real answer.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: doc.uri, version: doc.version + 1 },
      contentChanges: [{ text: START }],
    });
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: doc.uri },
    });
    expect(symbols.map((s) => s.name)).toContain('source "chroot" "base"');
    const logged = server.logs.filter((l) => l.includes(' failed: ')).length;
    // Feature failures are answered as errors; say how many so a regression shows.
    console.log(`fuzz: ${answered} requests answered, ${errors} error responses, ${logged} logged failures`);
    expect(await server.stop()).toBe(0);
  });
});
