/**
 * A page that talks to the extension's server worker (client/out/server/
 * server.js) the way the web extension does on github.dev: documents with
 * `vscode-vfs:` URIs, the workspace's files answered from a map through the
 * server's file requests (server/browser/protocol.ts). Bundled by the test.
 *
 * `runHarness` opens one document and returns its diagnostics;
 * `runProtocolEdges` drives the protocol's edges (issue 12) and returns
 * what each step was answered, for the test to judge.
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  CancellationTokenSource,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/browser';
import { READ_DIRECTORY, READ_FILE } from '../../../server/browser/protocol.js';
import { largeTemplate } from '../../server/support/large-template.js';

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

/** A fresh worker and a connection to it that answers its file requests from `files`. */
function connectWorker(files: Record<string, string>, asked: string[] = []): MessageConnection {
  const worker = new Worker('server.js');
  const connection = createMessageConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
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
  return connection;
}

/** The diagnostics published for `uri` that pass `accept`. */
function diagnosticsFor(
  connection: MessageConnection,
  uri: string,
  accept: (p: Published) => boolean = () => true,
): Promise<Published> {
  return new Promise((resolve) => {
    const listener = connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      if (p.uri === uri && accept(p)) {
        listener.dispose();
        resolve(p);
      }
    });
  });
}

async function run(files: Record<string, string>, open: string): Promise<{ published: Published; asked: string[] }> {
  const asked: string[] = [];
  const connection = connectWorker(files, asked);
  const published = diagnosticsFor(connection, open);
  connection.listen();
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: open, languageId: 'packer', version: 1, text: files[open] },
  });
  return { published: await published, asked };
}

/** A request's answer: its result, or its error's code and message. */
export type Outcome = { result: unknown } | { code: number; message: string };

function outcome(request: Promise<unknown>): Promise<Outcome> {
  return request.then(
    (result) => ({ result }),
    (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
  );
}

export interface ProtocolEdges {
  beforeInitialize: Outcome;
  secondInitialize: Outcome;
  malformed: Record<string, Outcome>;
  /** Symbol names after a null-range change (refused), a null change list and an out-of-range one (clamped). */
  symbolsAfterChanges: Outcome;
  /** The diagnostics of the version the clamped change made. */
  clampedVersionErrors: unknown[];
  /** A documentSymbol on a 1 MB template just edited, cancelled at once. */
  cancelled: Outcome;
  afterCancel: Outcome;
  shutdown: Outcome;
  afterShutdown: Outcome;
  /** What the worker logged (window/logMessage). */
  logs: string[];
}

async function runProtocolEdges(root: string): Promise<ProtocolEdges> {
  const uri = `${root}/main.pkr.hcl`;
  const big = `${root}/big.pkr.hcl`;
  const template = 'source "chroot" "a" {\n  source_image = var.image\n}\n';
  const bigText = largeTemplate(1_000_000);
  const connection = connectWorker({ [uri]: template, [big]: bigText });
  const logs: string[] = [];
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.listen();
  const at = (line: number, character: number) => ({ line, character });

  const beforeInitialize = await outcome(
    connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(0, 0) }),
  );
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const secondInitialize = await outcome(
    connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }),
  );

  const opened = diagnosticsFor(connection, uri);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'packer', version: 1, text: template },
  });
  await opened;
  const malformed: Record<string, Outcome> = {
    'hover, null position': await outcome(
      connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null }),
    ),
    'completion, textDocument 5': await outcome(
      connection.sendRequest('textDocument/completion', { textDocument: 5, position: at(0, 0) }),
    ),
    'rename, no newName': await outcome(
      connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: at(0, 17) }),
    ),
    // vscode-jsonrpc sends a lone null as positional params, [null]: the library's own refusal.
    'documentSymbol, params [null]': await outcome(connection.sendRequest('textDocument/documentSymbol', null)),
  };

  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: null, end: at(0, 1) }, text: 'x' }],
  });
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: 7 });
  const clamped = diagnosticsFor(connection, uri, (p) => p.version === 4);
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 4 },
    contentChanges: [
      { range: { start: at(999, 99), end: at(999, 99) }, text: 'variable "image" {\n  default = "a.img"\n}\n' },
    ],
  });
  const symbolsAfterChanges = await outcome(
    connection
      .sendRequest('textDocument/documentSymbol', { textDocument: { uri } })
      .then((symbols) => (symbols as Array<{ name: string }>).map((s) => s.name)),
  );
  const clampedVersionErrors = (await clamped).diagnostics.filter((d) => (d as { severity: number }).severity === 1);

  const bigOpened = diagnosticsFor(connection, big);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: big, languageId: 'packer', version: 1, text: bigText },
  });
  await bigOpened;
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: big, version: 2 },
    contentChanges: [{ range: { start: at(0, 0), end: at(0, 0) }, text: '# edited\n' }],
  });
  // The edited text is not parsed yet: the request's first step is that parse, and the cancel comes meanwhile.
  const source = new CancellationTokenSource();
  const cancelledRequest = connection.sendRequest(
    'textDocument/documentSymbol',
    { textDocument: { uri: big } },
    source.token,
  );
  source.cancel();
  const cancelled = await outcome(cancelledRequest);
  const afterCancel = await outcome(
    connection
      .sendRequest('textDocument/documentSymbol', { textDocument: { uri: big } })
      .then((symbols) => (symbols as unknown[]).length),
  );

  const shutdown = await outcome(connection.sendRequest('shutdown'));
  const afterShutdown = await outcome(
    connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(0, 0) }),
  );
  connection.dispose();
  return {
    beforeInitialize,
    secondInitialize,
    malformed,
    symbolsAfterChanges,
    clampedVersionErrors,
    cancelled,
    afterCancel,
    shutdown,
    afterShutdown,
    logs,
  };
}

Object.assign(window, { runHarness: run, runProtocolEdges });
