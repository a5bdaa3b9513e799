/**
 * The extension on vscode.dev and github.dev (package.json `browser`): the
 * language server runs in a Web Worker (out/server/server.js, the same
 * server and engine as `chrootforge lsp`), and reads the workspace's files
 * through the editor's file system API when it asks
 * (server/browser/protocol.ts). Desktop VS Code keeps `main`
 * (extension.ts). The CLI commands (validate the workspace, build in
 * Docker) need a machine and are not offered here; formatting is the
 * server's.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import {
  READ_DIRECTORY,
  READ_FILE,
  type ReadDirectoryParams,
  type ReadDirectoryResult,
  type ReadFileParams,
  type ReadFileResult,
} from '../../server/browser/protocol.js';
import { documentSelector } from './document-selector.js';

const SECTION = 'chrootforge';
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('chrootforge', { log: true });
  context.subscriptions.push(output);
  const worker = new Worker(vscode.Uri.joinPath(context.extensionUri, 'out/server/server.js').toString(true));
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(
      vscode.workspace.getConfiguration(SECTION).get<string[]>('jsonTemplates') ?? [],
      '*',
    ),
    outputChannel: output,
    synchronize: {
      configurationSection: SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{pkr.hcl,pkr.json,pkrvars.hcl,pkrvars.json,json}'),
    },
    initializationOptions: vscode.workspace.getConfiguration(SECTION),
  };
  client = new LanguageClient(SECTION, 'chrootforge', worker, clientOptions);
  client.onRequest(READ_DIRECTORY, (params: ReadDirectoryParams) => readDirectory(params.uri));
  client.onRequest(READ_FILE, (params: ReadFileParams) => readFile(params.uri));
  context.subscriptions.push(
    vscode.commands.registerCommand('chrootforge.showServerOutput', () => output.show(true)),
    vscode.commands.registerCommand('chrootforge.formatDocument', () =>
      vscode.commands.executeCommand('editor.action.formatDocument'),
    ),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function readDirectory(uri: string): Promise<ReadDirectoryResult> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri));
    return entries.map(([name, type]) => [name, (type & vscode.FileType.Directory) !== 0]);
  } catch {
    return null;
  }
}

async function readFile(uri: string): Promise<ReadFileResult> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return { base64: btoa(binary) };
  } catch {
    return null;
  }
}
