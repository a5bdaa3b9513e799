/**
 * The language server in Node: a transport (stdio, Node IPC, a socket),
 * the watchdog that ends the process with its client, the files on disk
 * and the engine bound to Node's resources (template/node/).
 */
import { createConnection } from 'vscode-languageserver/node';
import { nodeEvaluationInputs } from '../../template/node/index.js';
import { loadCore } from '../core.js';
import { protocolGuards } from '../protocol/guards.js';
import { LanguageServer, type ServerHost } from '../server.js';
import { hideClientPid, openTransport, redirectConsole, watchClientPid, type TransportOptions } from '../transport.js';
import { bindUriMapping } from '../workspace/files.js';
import { nodeWorkspaceFiles } from './files.js';
import { nodeUriMapping } from './uri-mapping.js';

export interface ServerOptions {
  transport: TransportOptions;
  /** `--clientProcessId`, watched only while visible. */
  clientPid?: number;
  /** Debounce of diagnostics after an edit, in ms. */
  debounceMs?: number;
}

/** Starts the server on the chosen transport; resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<void> {
  redirectConsole();
  const transport = openTransport(options.transport);
  const guards = protocolGuards(
    hideClientPid(transport.reader, (pid) => watchClientPid(pid, () => exit())),
    transport.writer,
  );
  // Ends the process at once, whatever is running: work in steps gives the event loop a turn often.
  const exit = (failure?: string): never => {
    if (failure) process.stderr.write(`chrootforge lsp: ${failure}\n`);
    return process.exit(guards.lifecycle.state === 'shut down' && !failure ? 0 : 1);
  };
  if (options.clientPid !== undefined) watchClientPid(options.clientPid, () => exit());
  transport.onInputEnd(exit);
  const connection = createConnection(guards.reader, transport.writer, guards.options);
  new LanguageServer(connection, await nodeServerHost(), options.debounceMs ?? 150, guards.pending).listen();
}

/** Node's host: files on disk, and the process environment for `env()` and `PKR_VAR_*`. */
export async function nodeServerHost(): Promise<ServerHost> {
  bindUriMapping(nodeUriMapping);
  // The editor has no command line: no -var, and the configuration's own
  // directory stands for the working directory (path.cwd).
  const core = await loadCore((templateDir, varFiles) =>
    nodeEvaluationInputs({ templateDir, cwd: templateDir, varFiles, env: process.env }),
  );
  return { core, files: nodeWorkspaceFiles };
}
