/**
 * A real language-server process for tests: `node dist/cli/main.js lsp
 * --stdio`, driven over JSON-RPC with vscode-jsonrpc's stream reader and
 * writer (no mocked transport). Collects published diagnostics by URI.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import type { InitializeResult, Range } from 'vscode-languageserver/node';
import {
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: Range; severity?: number; code?: string; message: string; data?: unknown }>;
}

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  readonly published: PublishedDiagnostics[] = [];
  /** window/logMessage texts (feature failures are logged there). */
  readonly logs: string[] = [];
  private readonly waiters: Array<{
    test: (p: PublishedDiagnostics) => boolean;
    resolve: (p: PublishedDiagnostics) => void;
  }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[] = ['lsp', '--stdio'], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe', env });
    this.child.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    // The server may ask for configuration or register capabilities: answer as a client would.
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.listen();
  }

  /** What the fake client answers to workspace/configuration. */
  settings: unknown = null;

  /** initialize + initialized with a typical client's capabilities. */
  async initialize(rootPath: string, extra: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: `file://${rootPath}`,
      workspaceFolders: [{ uri: `file://${rootPath}`, name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true },
        },
      },
      ...extra,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'hcl'): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** The next diagnostics published for a URI (optionally one that passes a test). */
  diagnosticsFor(
    uri: string,
    test: (p: PublishedDiagnostics) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<PublishedDiagnostics> {
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)),
        timeoutMs,
      );
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolveWait(p);
        },
      });
    });
  }

  /** A request that fails (with the server's stderr) if the process dies before answering. */
  request<R = unknown>(method: string, params?: unknown): Promise<R> {
    const died = this.exited.then(({ code, signal }) => {
      throw new Error(
        `server exited (code ${code}, signal ${signal}) before answering ${method}; stderr: ${this.stderr.join('')}`,
      );
    });
    return Promise.race([this.connection.sendRequest(method, params) as Promise<R>, died]);
  }

  /** A didChange notification (whole-text when `changes` is a string). */
  async change(uri: string, version: number, changes: string | Array<{ range: unknown; text: string }>): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: typeof changes === 'string' ? [{ text: changes }] : changes,
    });
  }

  /**
   * A request that must be answered within `boundMs` (a bound that catches
   * a hang, not a speed target: the machine is shared); resolves with the
   * result and the time it took.
   */
  async within<R = unknown>(boundMs: number, method: string, params?: unknown): Promise<{ result: R; ms: number }> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} not answered within ${boundMs} ms`)), boundMs);
    });
    try {
      const result = await Promise.race([this.request<R>(method, params), late]);
      return { result, ms: performance.now() - start };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The error a request is answered with (code and message); fails when it gets a result instead. */
  async errorOf(method: string, params?: unknown): Promise<{ code: number; message: string }> {
    try {
      const result = await this.request(method, params);
      throw new Error(`${method} was answered with a result, not an error: ${JSON.stringify(result)?.slice(0, 200)}`);
    } catch (err) {
      if (err instanceof ResponseError) return { code: err.code, message: err.message };
      throw err;
    }
  }

  /** Resolves when the process has exited, or rejects after `boundMs`. */
  exitWithin(boundMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server did not exit within ${boundMs} ms`)), boundMs);
    });
    return Promise.race([this.exited, late]).finally(() => clearTimeout(timer));
  }

  /** shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    await this.request('shutdown');
    await this.connection.sendNotification('exit');
    const { code } = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill('SIGKILL');
  }
}
