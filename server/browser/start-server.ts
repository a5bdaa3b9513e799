/**
 * The language server in a browser's Web Worker: the same LanguageServer
 * over a message port, the engine bound to the bundle's resources, the
 * workspace's files asked of the client (remote-files.ts). The worker's
 * entry (written by scripts/build-browser.mjs) imports the assets and
 * calls {@link startBrowserServer}.
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  type DataCallback,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/browser';
import { browserEngineResources, browserEvaluationInputs, type BundledAssets } from '../../template/browser/index.js';
import { bindEngineResources } from '../../template/index.js';
import { loadCore } from '../core.js';
import { protocolGuards } from '../protocol/guards.js';
import { LanguageServer } from '../server.js';
import { bindUriMapping, pathToUri } from '../workspace/files.js';
import { RemoteFiles } from './remote-files.js';
import { browserUriMapping } from './uri-mapping.js';

export interface BrowserServerOptions {
  /** Debounce of diagnostics after an edit, in ms. */
  debounceMs?: number;
}

/** The worker's global scope, as far as the message port goes. */
type WorkerScope = ConstructorParameters<typeof BrowserMessageReader>[0];

/** Starts the server on the worker's own port; resolves once it listens. */
export async function startBrowserServer(
  scope: WorkerScope,
  assets: BundledAssets,
  options: BrowserServerOptions = {},
): Promise<void> {
  bindEngineResources(browserEngineResources(assets));
  bindUriMapping(browserUriMapping());
  const writer = new BrowserMessageWriter(scope);
  const guards = protocolGuards(heldUntilListened(new BrowserMessageReader(scope)), writer);
  const connection = createConnection(guards.reader, writer, guards.options);
  let server: LanguageServer | undefined;
  const files = new RemoteFiles(
    (method, params) => connection.sendRequest(method, params),
    pathToUri,
    (arrival) => (arrival.directory ? server?.directoryChanged(arrival.path) : server?.fileChanged(arrival.path)),
  );
  // The editor has no command line and a page no environment: no -var, no PKR_VAR_*.
  const core = await loadCore((templateDir, varFiles) =>
    browserEvaluationInputs({ templateDir, cwd: templateDir, varFiles, files: files.snapshot }),
  );
  server = new LanguageServer(connection, { core, files }, options.debounceMs ?? 150, guards.pending);
  server.listen();
}

/**
 * A reader that keeps what arrives until the connection listens. A worker
 * drops a message no handler takes, and the client sends `initialize` at
 * once, while the grammar is still compiling.
 */
function heldUntilListened(reader: MessageReader): MessageReader {
  const held: Message[] = [];
  let target: DataCallback | undefined;
  reader.listen((message) => (target ? target(message) : held.push(message)));
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback) {
      target = callback;
      for (const message of held.splice(0)) callback(message);
      return {
        dispose: () => {
          target = undefined;
        },
      };
    },
  };
}
