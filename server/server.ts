/**
 * The language server: a thin adapter from LSP to the template core.
 * Documents and configurations live in {@link Workspace}; each request is
 * answered by one pure function of server/features/, and analyses run in
 * the background ({@link AnalysisScheduler}); this file only wires them to
 * the connection and pushes diagnostics. The host (server/node/,
 * server/browser/) gives the connection, the engine and the files, and
 * decides when the process ends.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { CONFIGURATION_FILES_GLOB, posixDirname as dirname } from '../template/index.js';
import { byFile, toLspDiagnostics } from './diagnostics.js';
import { registerFeatures } from './features/register.js';
import { SEMANTIC_LEGEND } from './features/semantic-tokens.js';
import { isObject } from './protocol/params.js';
import type { PendingMessages } from './protocol/pending.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings.js';
import { AnalysisScheduler } from './work/analysis-scheduler.js';
import { Documents, type DocumentEvent } from './workspace/documents.js';
import { uriToPath } from './workspace/files.js';
import type { WorkspaceFiles } from './workspace/workspace-files.js';
import { Workspace, type CachedAnalysis, type Core } from './workspace/workspace.js';

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
  private readonly documents = new Documents();
  private readonly workspace: Workspace;
  private readonly scheduler: AnalysisScheduler;
  private settings: Settings = DEFAULT_SETTINGS;
  private canPullConfiguration = false;
  private canWatchFiles = false;
  private readonly files: WorkspaceFiles;

  constructor(
    private readonly connection: Connection,
    host: ServerHost,
    private readonly debounceMs: number,
    /** The host's count of client messages not yet handled (protocol/guards.ts): analyses give way to them. */
    pending: PendingMessages,
  ) {
    this.files = host.files;
    this.workspace = new Workspace(this.documents, host.core, host.files);
    this.scheduler = new AnalysisScheduler(
      this.workspace,
      pending,
      (key, result) => this.publish(key, result),
      // The core must never take the server down; the next edit retries.
      (key, err) => this.connection.console.error(`validation of ${key} failed: ${errorText(err)}`),
    );
  }

  listen(): void {
    const { connection } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onShutdown(() => this.scheduler.stop());
    connection.onDidChangeConfiguration((change) => void this.configurationChanged(change?.settings));
    connection.onDidChangeWatchedFiles((params) => {
      for (const change of Array.isArray(params?.changes) ? params.changes : []) {
        if (isObject(change) && typeof change.uri === 'string') this.fileChangedOnDisk(change.uri);
      }
    });
    connection.onDidOpenTextDocument((params) => this.documentEvent(this.documents.didOpen(params), 'open'));
    connection.onDidChangeTextDocument((params) => this.documentEvent(this.documents.didChange(params), 'change'));
    connection.onDidCloseTextDocument((params) => this.documentEvent(this.documents.didClose(params), 'close'));
    registerFeatures(connection, (uri, freshness) => this.workspace.contextSteps(uri, freshness), this.files);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.settings = readSettings(params.initializationOptions);
    this.canPullConfiguration = params.capabilities?.workspace?.configuration === true;
    this.canWatchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    this.workspace.setRoot(folder ? uriToPath(folder) : undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        completionProvider: { triggerCharacters: ['.', '"', '{', '/', ' ', '=', '`'], resolveProvider: false },
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
      await this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIGURATION_FILES_GLOB }] })
        .catch(() => undefined);
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

  /** After the document store took (or refused) a notification. */
  private documentEvent(event: DocumentEvent, kind: 'open' | 'change' | 'close'): void {
    if ('refused' in event) {
      this.connection.console.warn(event.refused);
      return;
    }
    const { uri } = event;
    if (kind === 'open') {
      const path = uriToPath(uri);
      if (path === undefined) {
        this.scheduler.schedule(uri, 0);
        return;
      }
      this.workspace.relist(dirname(path));
      // The files beside it first (a browser host fetches them from the client): no verdict before they are read.
      void this.files.load(dirname(path)).then(() => this.scheduler.schedule(uri, 0));
    } else if (kind === 'change') this.scheduler.schedule(uri, this.debounceMs);
    else this.closed(uri);
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
      if (first) this.scheduler.schedule(first, this.debounceMs);
    }
  }

  /** A directory's listing is not what was read before (a browser host's listing arrived). */
  directoryChanged(dir: string): void {
    this.workspace.relist(dir);
    const [first] = this.workspace.openInConfiguration(dir);
    if (first) this.scheduler.schedule(first, this.debounceMs);
  }

  private closed(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    const where = this.workspace.classify(uri);
    this.workspace.closed(uri);
    if (!where) return;
    // The file may have been saved while open: read it again rather than
    // trust a copy from before (clients without file watching say nothing).
    if (!where.untitled) {
      this.files.invalidate(where.path);
      this.workspace.invalidate(where.path);
    }
    const others = this.workspace.openInConfiguration(where.key);
    if (others.length > 0) {
      // Closing drops the editor's text: siblings now see the file on disk.
      this.scheduler.schedule(others[0]!, this.debounceMs);
      return;
    }
    // Nobody has the configuration open: no analysis of it waits or goes on, nothing of it is kept.
    this.scheduler.forget(where.key);
    this.workspace.forget(where.key);
  }

  private revalidateAll(): void {
    const keys = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const where = this.workspace.classify(doc.uri);
      if (where) keys.set(where.key, doc.uri);
    }
    for (const uri of keys.values()) this.scheduler.schedule(uri, 0);
  }

  /** Pushes a configuration's diagnostics to each of its open documents. */
  private publish(key: string, result: CachedAnalysis): void {
    // A browser host still fetching files the analysis needs: it schedules again when they arrive.
    if (this.files.pending()) return;
    const perFile = byFile(result.analysis.diagnostics);
    for (const uri of this.workspace.openInConfiguration(key)) {
      const doc = this.documents.get(uri);
      const where = this.workspace.classify(uri);
      if (!doc || !where) continue;
      const diagnostics = toLspDiagnostics(perFile.get(where.path) ?? [], this.settings);
      void this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
