/**
 * A language-server client over any command's stdio (here `docker run -i`),
 * speaking JSON-RPC through vscode-jsonrpc's stream reader and writer.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export interface Published {
  uri: string;
  diagnostics: Array<{
    range: { start: { line: number; character: number } };
    severity?: number;
    code?: string;
    message: string;
  }>;
}

export class StdioLspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  readonly published: Published[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitCode: number | null | undefined = undefined;
  private readonly waiters: Array<(p: Published) => void> = [];

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((done) =>
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        done({ code, signal });
      }),
    );
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w(p);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = 30_000): Promise<T> {
    return withTimeout(
      this.connection.sendRequest(method, params) as Promise<T>,
      timeoutMs,
      `${method} (stderr: ${this.stderr.join('').slice(-500)})`,
    );
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The first (already or next) published diagnostics for `uri` that pass `test`. */
  diagnosticsFor(uri: string, test: (p: Published) => boolean = () => true, timeoutMs = 30_000): Promise<Published> {
    const hit = this.published.find((p) => p.uri === uri && test(p));
    if (hit) return Promise.resolve(hit);
    return withTimeout(
      new Promise<Published>((resolve) => {
        const wait = (p: Published): void => {
          if (p.uri === uri && test(p)) resolve(p);
          else this.waiters.push(wait);
        };
        this.waiters.push(wait);
      }),
      timeoutMs,
      `publishDiagnostics for ${uri}`,
    );
  }

  kill(): void {
    this.connection.dispose();
    if (this.running) this.child.kill('SIGKILL');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
