/**
 * The chrootforge VS Code extension: starts the language server (a local
 * Node process or a container, see server-command.ts) and contributes the
 * commands. Highlighting and language configuration are declarative
 * (package.json, syntaxes/, language-configuration.json).
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands.js';
import { documentSelector } from './document-selector.js';
import { type CommandLine, serverCommand } from './server-command.js';
import { SECTION, jsonTemplateGlobs, serverSettings, workspaceFolderPaths } from './settings.js';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

/** Settings that change the server's command line or document selector: a change restarts it. */
const RESTART_KEYS = ['server', 'jsonTemplates'].map((k) => `${SECTION}.${k}`);

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('chrootforge', { log: true });
  context.subscriptions.push(output);
  registerCommands(context, { output, restart: () => restartServer() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_KEYS.some((k) => e.affectsConfiguration(k))) void restartServer();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      // Docker mode mounts exactly the open folders: new ones need a new container.
      if (serverSettings([]).mode === 'docker') void restartServer();
    }),
  );
  await startServer();
}

export async function deactivate(): Promise<void> {
  await stopServer();
}

async function startServer(): Promise<void> {
  const folders = workspaceFolderPaths();
  let line: CommandLine;
  try {
    line = serverCommand(serverSettings(folders), folders);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output?.appendLine(`chrootforge: the language server was not started: ${message}`);
    void vscode.window.showErrorMessage(`chrootforge: ${message}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'chrootforge.server');
    });
    return;
  }
  output?.appendLine(`chrootforge: starting ${[line.command, ...line.args].join(' ')}`);
  // No transport option: the client spawns the command as given and talks
  // over its stdio (a transport would append --stdio a second time).
  const serverOptions: ServerOptions = { command: line.command, args: line.args, options: { cwd: folders[0] } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(jsonTemplateGlobs()),
    outputChannel: output,
    synchronize: { configurationSection: SECTION },
    initializationOptions: vscode.workspace.getConfiguration(SECTION),
  };
  client = new LanguageClient(SECTION, 'chrootforge', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output?.appendLine(
      `chrootforge: the language server failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    output?.show(true);
  }
}

async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop().catch(() => undefined);
}

async function restartServer(): Promise<void> {
  await stopServer();
  await startServer();
}
