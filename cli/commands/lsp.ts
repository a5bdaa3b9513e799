/**
 * `chrootforge lsp --stdio | --node-ipc | --socket=PORT`: the language server.
 * The server module is imported only when this command runs, so other
 * commands never pay for loading vscode-languageserver.
 */
import type { Command } from 'commander';
import { CliError, EXIT_USAGE } from '../errors.js';

interface LspOptions {
  stdio?: boolean;
  nodeIpc?: boolean;
  socket?: string;
  clientProcessId?: string;
}

/** Registers the `lsp` command on the program. */
export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description('Run the language server (for editors)')
    .option('--stdio', 'talk over stdin/stdout')
    .option('--node-ipc', 'talk over the Node IPC channel')
    .option('--socket <port>', 'connect to the client listening on this port')
    .option('--clientProcessId <pid>', 'exit when this process ends (ignored when it is not visible)')
    .action(async (options: LspOptions) => {
      const transport = transportOf(options);
      // vscode-languageserver reads --clientProcessId from argv when it loads
      // and exits when that pid is invisible (Docker); our watchdog owns it.
      process.argv = process.argv.filter(
        (arg, i, all) => !arg.startsWith('--clientProcessId') && all[i - 1] !== '--clientProcessId',
      );
      const { startServer } = await import('../../server/node/start-server.js');
      const clientPid = options.clientProcessId === undefined ? undefined : Number(options.clientProcessId);
      await startServer({ transport, clientPid: Number.isInteger(clientPid) ? clientPid : undefined });
      // Returning keeps the process alive on the open input; the server ends
      // it itself (exit notification, end of input, or the client pid gone).
    });
}

type TransportChoice = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number };

function transportOf(options: LspOptions): TransportChoice {
  const chosen = [options.stdio, options.nodeIpc, options.socket !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new CliError('lsp needs exactly one of --stdio, --node-ipc, --socket=PORT', EXIT_USAGE);
  if (options.stdio) return { kind: 'stdio' };
  if (options.nodeIpc) return { kind: 'node-ipc' };
  const port = Number(options.socket);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new CliError(`lsp: --socket needs a port number, got "${options.socket}"`, EXIT_USAGE);
  return { kind: 'socket', port };
}
