/**
 * A page that talks to the extension's server worker (client/out/server/
 * server.js) the way the web extension does on github.dev: documents with
 * `vscode-vfs:` URIs, the workspace's files answered from a map through the
 * server's file requests (server/browser/protocol.ts). Bundled by the test.
 */
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser';
import { READ_DIRECTORY, READ_FILE } from '../../../server/browser/protocol.js';

interface Published {
  uri: string;
  diagnostics: unknown[];
}

async function run(files: Record<string, string>, open: string): Promise<{ published: Published; asked: string[] }> {
  const worker = new Worker('server.js');
  const connection = createMessageConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
  const asked: string[] = [];
  connection.onRequest(READ_DIRECTORY, ({ uri }: { uri: string }) => {
    asked.push(`dir ${uri}`);
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    const names = Object.keys(files)
      .filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length).split('/')[0]!);
    return names.length ? [...new Set(names)].map((n) => [n, files[prefix + n] === undefined]) : null;
  });
  connection.onRequest(READ_FILE, ({ uri }: { uri: string }) => {
    asked.push(`file ${uri}`);
    const text = files[uri];
    return text === undefined ? null : { base64: btoa(String.fromCharCode(...new TextEncoder().encode(text))) };
  });
  connection.onRequest('client/registerCapability', () => null);
  const published = new Promise<Published>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      if (p.uri === open) resolve(p);
    }),
  );
  connection.listen();
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: open, languageId: 'packer', version: 1, text: files[open] },
  });
  return { published: await published, asked };
}

Object.assign(window, { runHarness: run });
