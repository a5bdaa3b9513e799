/**
 * The language server: a thin adapter from LSP to the template core.
 * Documents and configurations live in {@link Workspace}; each request is
 * answered by one pure function of server/features/; this file only wires
 * them to the connection, pushes diagnostics and keeps the process alive
 * exactly as long as the client is there.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIGURATION_FILES_GLOB, posixDirname as dirname } from '../template/index.js';
import { byFile, toLspDiagnostics } from './diagnostics.js';
import { registerFeatures } from './features/register.js';
import { SEMANTIC_LEGEND } from './features/semantic-tokens.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings.js';
import { uriToPath } from './workspace/files.js';
import type { WorkspaceFiles } from './workspace/workspace-files.js';
import { Workspace, type Core } from './workspace/workspace.js';

/**
 * Where the server runs: the engine bound to the host's resources, and the
 * workspace's files (Node: server/node/; a browser worker: server/browser/).
 * The connection is the host's too (stdio, IPC, a socket, a message port).
 */
export interface ServerHost {
  core: Core;
  files: WorkspaceFiles;
}

export class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly workspace: Workspace;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private settings: Settings = DEFAULT_SETTINGS;
  private canPullConfiguration = false;
  private canWatchFiles = false;

  private readonly files: WorkspaceFiles;

  constructor(
    private readonly connection: Connection,
    host: ServerHost,
    private readonly debounceMs: number,
  ) {
    this.files = host.files;
    this.workspace = new Workspace(this.documents, host.core, host.files);
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration((change) => void this.configurationChanged(change.settings));
    connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) this.fileChangedOnDisk(change.uri);
    });
    documents.onDidOpen((e) => {
      const path = uriToPath(e.document.uri);
      if (path === undefined) {
        this.schedule(e.document.uri, 0);
        return;
      }
      this.workspace.relist(dirname(path));
      // The files beside it first (a browser host fetches them from the client): no verdict before they are read.
      void this.files.load(dirname(path)).then(() => this.schedule(e.document.uri, 0));
    });
    documents.onDidChangeContent((e) => this.schedule(e.document.uri, this.debounceMs));
    documents.onDidClose((e) => this.closed(e.document.uri));
    registerFeatures(connection, (uri, freshness) => this.workspace.context(uri, freshness), this.files);
    documents.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.settings = readSettings(params.initializationOptions);
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        completionProvider: { triggerCharacters: ['.', '"', '{', '/', ' ', '='], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ',', ' '] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.convertToHcl2'] },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false },
      },
      serverInfo: { name: 'chrootforge', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.canWatchFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: CONFIGURATION_FILES_GLOB }],
      });
    }
    if (this.canPullConfiguration) {
      await this.connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'chrootforge' })
        .catch(() => undefined);
      await this.pullSettings();
    }
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    if (this.canPullConfiguration) await this.pullSettings();
    else this.settings = readSettings(pushed, this.settings);
    this.revalidateAll();
  }

  private async pullSettings(): Promise<void> {
    try {
      const [section] = await this.connection.workspace.getConfiguration([{ section: 'chrootforge' }]);
      this.settings = readSettings(section, this.settings);
    } catch {
      // A client that cannot answer keeps the initial settings.
    }
  }

  /** Any change (created, changed, deleted) alters the configuration of the file's directory. */
  private fileChangedOnDisk(uri: string): void {
    const path = uriToPath(uri);
    if (path === undefined) return;
    this.files.invalidate(path);
    this.fileChanged(path);
  }

  /**
   * A file is not what was read before: the configurations it is part of
   * are analysed again. After a watched-file event, and when a browser
   * host's fetched file arrives.
   */
  fileChanged(path: string): void {
    this.workspace.invalidate(path);
    for (const key of [dirname(path), path]) {
      const [first] = this.workspace.openInConfiguration(key);
      if (first) this.schedule(first, this.debounceMs);
    }
  }

  /** A directory's listing is not what was read before (a browser host's listing arrived). */
  directoryChanged(dir: string): void {
    this.workspace.relist(dir);
    const [first] = this.workspace.openInConfiguration(dir);
    if (first) this.schedule(first, this.debounceMs);
  }

  private closed(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    const where = this.workspace.classify(uri);
    if (!where) return;
    // The file may have been saved while open: read it again rather than
    // trust a copy from before (clients without file watching say nothing).
    this.files.invalidate(where.path);
    this.workspace.invalidate(where.path);
    const others = this.workspace.openInConfiguration(where.key);
    if (others.length === 0) this.workspace.forget(where.key);
    // Closing drops the editor's text: siblings now see the file on disk.
    else this.schedule(others[0]!, this.debounceMs);
  }

  /** Validates a document's configuration after a delay; edits in between restart it. */
  private schedule(uri: string, delay: number): void {
    const where = this.workspace.classify(uri);
    if (!where) return;
    clearTimeout(this.timers.get(where.key));
    this.timers.set(
      where.key,
      setTimeout(() => {
        this.timers.delete(where.key);
        this.publish(where.key);
      }, delay),
    );
  }

  private revalidateAll(): void {
    const keys = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const where = this.workspace.classify(doc.uri);
      if (where) keys.set(where.key, doc.uri);
    }
    for (const uri of keys.values()) this.schedule(uri, 0);
  }

  /** Analyses one configuration and pushes diagnostics to each of its open documents. */
  private publish(key: string): void {
    const uris = this.workspace.openInConfiguration(key);
    // A browser host still fetching files the analysis needs: it schedules again when they arrive.
    if (uris.length === 0 || this.files.pending()) return;
    try {
      const context = this.workspace.context(uris[0]!);
      if (!context) return;
      const perFile = byFile(context.analysis.diagnostics);
      for (const uri of uris) {
        const doc = this.documents.get(uri);
        const path = uriToPath(uri);
        if (!doc || path === undefined) continue;
        const diagnostics = toLspDiagnostics(perFile.get(path) ?? [], this.settings);
        void this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
      }
    } catch (err) {
      // The core must never take the server down; the next edit retries.
      this.connection.console.error(`validation of ${key} failed: ${errorText(err)}`);
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
