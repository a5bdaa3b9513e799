/**
 * The other transports (--socket, --node-ipc) and the document kinds the
 * server recognises: .pkrvars.hcl var files and JSON templates by content.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionList, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { CLI, LspProcess } from './support/lsp-process.js';

let server: LspProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'cf-lsp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

async function roundTrip(connection: MessageConnection): Promise<void> {
  const init = await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  expect((init as { serverInfo: { name: string } }).serverInfo.name).toBe('chrootforge');
  await connection.sendNotification('initialized', {});
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
}

describe('transports', () => {
  it('--socket=PORT connects to the client and speaks LSP over the socket', async () => {
    const accepted = new Promise<Socket>((resolve) => {
      const listener = createServer((socket) => {
        listener.close();
        resolve(socket);
      });
      listener.listen(0, '127.0.0.1', () => {
        const { port } = listener.address() as AddressInfo;
        const child = spawn(process.execPath, [CLI, 'lsp', `--socket=${port}`], { stdio: 'ignore' });
        exited = new Promise((r) => child.on('exit', r));
      });
    });
    let exited: Promise<number | null> = Promise.resolve(null);
    const socket = await accepted;
    const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    connection.listen();
    await roundTrip(connection);
    expect(await exited).toBe(0);
    connection.dispose();
  });

  it('--node-ipc speaks LSP over the IPC channel', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    await roundTrip(connection);
    expect(await exited).toBe(0);
    connection.dispose();
  });
});

describe('document kinds', () => {
  it("checks an open .pkrvars.hcl against the directory's declarations", async () => {
    const d = dir({ 'main.pkr.hcl': 'variable "image" {\n  default = "b.img"\n}\n' });
    const uri = pathToUri(join(d, 'prod.pkrvars.hcl'));
    server = new LspProcess();
    await server.initialize(d);
    const published = server.diagnosticsFor(uri);
    await server.open(uri, 'imag = "a.img"\n');
    const [diagnostic] = (await published).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'undeclared-variable-value',
      range: { start: { line: 0, character: 0 } },
    });
    expect(await server.stop()).toBe(0);
  });

  it('recognises a JSON template by content, and leaves other JSON alone', async () => {
    const d = dir();
    const template = pathToUri(join(d, 'image.json'));
    const other = pathToUri(join(d, 'package.json'));
    server = new LspProcess();
    await server.initialize(d);
    await server.open(other, '{"name": "x", "version": "1.0.0"}', 'json');
    const published = server.diagnosticsFor(template);
    await server.open(
      template,
      '{\n  "builders": [{"type": "chroot", "mount_pathh": "/mnt", "source_image": "a.img"}]\n}\n',
      'json',
    );
    const diagnostics = (await published).diagnostics;
    expect(diagnostics.some((x) => x.message.includes('mount_pathh'))).toBe(true);
    const completion = await server.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: template },
      position: { line: 1, character: 36 },
    });
    expect(completion.items.map((i) => i.label)).toContain('mount_path');
    const [convert] = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: template },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    expect(convert?.kind).toBe('source.convertToHcl2');
    const [create, edit] = convert!.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    expect(create).toMatchObject({ kind: 'create', uri: pathToUri(join(d, 'image.pkr.hcl')) });
    expect((edit.edits[0] as TextEdit).newText).toContain('source "chroot" "autogenerated_1" {');
    // package.json has no builders: it is not a template, so nothing was published for it.
    expect(server.published.filter((p) => p.uri === other)).toEqual([]);
    expect(await server.stop()).toBe(0);
  });
});
