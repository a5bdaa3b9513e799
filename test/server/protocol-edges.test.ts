/**
 * The protocol's edges against a real server process (issue 12): the
 * lifecycle LSP prescribes, malformed params and notifications answered
 * plainly (no JavaScript message, no stack trace), a didOpen without text,
 * and a socket with nobody listening.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { CLI, LspProcess } from './support/lsp-process.js';
import { tempWorkspaces } from './support/temp-workspaces.js';

const TEMPLATE = 'source "chroot" "a" {\n  source_image = var.image\n}\n';

let server: LspProcess | undefined;
const workspaces = tempWorkspaces('cf-edges-');
afterEach(() => {
  server?.kill();
  server = undefined;
  workspaces.removeAll();
});

const workspace = workspaces.make;

/** Nothing the server said looks like a JavaScript failure. */
function expectNoStackTraces(proc: LspProcess): void {
  const said = [...proc.logs, proc.stderr.join('')].join('\n');
  expect(said).not.toMatch(/Cannot read properties|TypeError|\n\s+at /);
}

describe('lifecycle', () => {
  it('refuses requests before initialize (ServerNotInitialized) and drops notifications', async () => {
    const dir = workspace();
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    const early = await server.errorOf('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    expect(early.code).toBe(-32002);
    expect(early.message).toMatch(/not initialized/);
    // Dropped: once initialized, the document is not open.
    await server.open(uri, TEMPLATE);
    await server.initialize(dir);
    expect(await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })).toEqual(
      [],
    );
    expect(await server.stop()).toBe(0);
  });

  it('refuses a second initialize (InvalidRequest)', async () => {
    server = new LspProcess();
    await server.initialize(workspace());
    const again = await server.errorOf('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(again.code).toBe(-32600);
    expect(again.message).toMatch(/already initialized/);
    expect(await server.stop()).toBe(0);
  });

  it('refuses requests after shutdown (InvalidRequest) and still exits 0 on exit', async () => {
    const dir = workspace();
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, TEMPLATE);
    await server.request('shutdown');
    const late = await server.errorOf('textDocument/documentSymbol', { textDocument: { uri } });
    expect(late.code).toBe(-32600);
    expect(late.message).toMatch(/shutting down/);
    expect((await server.errorOf('shutdown')).code).toBe(-32600);
    await server.connection.sendNotification('exit');
    expect((await server.exited).code).toBe(0);
  });
});

describe('malformed input', () => {
  it('answers malformed params with InvalidParams and a plain sentence', async () => {
    const dir = workspace();
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, TEMPLATE);
    const cases: Array<[string, unknown, RegExp]> = [
      ['textDocument/hover', { textDocument: { uri }, position: null }, /position must be/],
      ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }, /position must be/],
      ['textDocument/completion', { textDocument: 5, position: { line: 0, character: 0 } }, /textDocument must be/],
      ['textDocument/definition', { textDocument: { uri }, position: { line: '0', character: 0 } }, /position/],
      ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 0 } }, /context must/],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 17 } }, /newName must/],
      ['textDocument/rangeFormatting', { textDocument: { uri }, range: { start: null }, options: {} }, /range/],
      ['textDocument/formatting', { textDocument: { uri } }, /options must/],
      [
        'textDocument/codeAction',
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        /context must/,
      ],
      ['textDocument/documentSymbol', null, /param/],
    ];
    for (const [method, params, message] of cases) {
      const error = await server.errorOf(method, params);
      expect({ method, code: error.code }).toEqual({ method, code: -32602 });
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/Cannot read|undefined|null \(reading/);
    }
    expectNoStackTraces(server);
    expect(await server.stop()).toBe(0);
  });

  it('refuses a change with null positions (the document stays as it was) and clamps out-of-range ones', async () => {
    const dir = workspace();
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, TEMPLATE);
    await server.change(uri, 2, [{ range: { start: null, end: { line: 0, character: 1 } }, text: 'x' }]);
    await server.change(uri, 3, [{ range: null, text: 'x' } as never]);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: 7 });
    await server.connection.sendNotification('textDocument/didChange', null);
    // Past the last line: appended at the end, as editors clamp.
    const far = { line: 999, character: 99 };
    const changed = server.diagnosticsFor(uri, (p) => p.version === 4);
    await server.change(uri, 4, [
      { range: { start: far, end: far }, text: 'variable "image" {\n  default = "a.img"\n}\n' },
    ]);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['source "chroot" "a"', 'variable "image"']);
    // var.image is declared now: no error about it.
    expect((await changed).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(server.logs.filter((l) => l.includes('didChange ignored'))).toHaveLength(4);
    expectNoStackTraces(server);
    expect(await server.stop()).toBe(0);
  });

  it('ignores a didOpen without text; the rest of its directory is analysed from disk', async () => {
    const dir = workspace({
      'variables.pkr.hcl': 'variable "image" {\n  default = "a.img"\n}\n',
      'main.pkr.hcl': TEMPLATE,
    });
    const main = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathToUri(join(dir, 'variables.pkr.hcl')), languageId: 'hcl', version: 1 },
    });
    const published = server.diagnosticsFor(main);
    await server.open(main, TEMPLATE);
    // The variable comes from the file on disk: main.pkr.hcl has no error.
    expect((await published).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(server.logs.some((l) => /didOpen ignored: .*textDocument\.text/.test(l))).toBe(true);
    expect(server.logs.filter((l) => l.includes('failed'))).toEqual([]);
    expectNoStackTraces(server);
    expect(await server.stop()).toBe(0);
  });
});

describe('--socket', () => {
  it('says why it exits when nobody listens on the port', async () => {
    const port = await new Promise<number>((resolve) => {
      const listener = createServer();
      listener.listen(0, '127.0.0.1', () => {
        const { port } = listener.address() as AddressInfo;
        listener.close(() => resolve(port));
      });
    });
    const child = spawn(process.execPath, [CLI, 'lsp', `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot connect to the client at 127.0.0.1:${port}`);
    expect(stderr).toContain('connection refused');
  });
});
