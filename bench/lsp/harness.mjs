/**
 * One LSP client for the benches: a server process over stdio
 * (vscode-jsonrpc), its diagnostics awaited by URI, requests timed, its
 * RSS read from /proc.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * @typedef {{ line: number, character: number }} Position
 * @typedef {{ start: Position, end: Position }} Range
 * One figure: ours, the peer's when there is one, and its target (a ratio
 * to the peer, or a bound; `target` words a bound that is no constant).
 * @typedef {{ label: string, ours: number, peer?: number, ratio?: number, max?: number, target?: string }} Row
 */

export class Server {
  /**
   * @param {string} name
   * @param {string} command
   * @param {string[]} args
   * @param {Record<string, unknown>} settings workspace/configuration answers by section
   */
  constructor(name, command, args, settings) {
    this.name = name;
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    /** @type {Map<string, (p: unknown) => void>} */
    this.waiters = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (/** @type {{ uri: string }} */ p) => {
      const w = this.waiters.get(p.uri);
      if (w) {
        this.waiters.delete(p.uri);
        w(p);
      }
    });
    this.conn.onRequest('workspace/configuration', (/** @type {{ items: Array<{ section: string }> }} */ p) =>
      p.items.map((i) => settings[i.section] ?? null),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  /** @param {string} root */
  async initialize(root) {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
        },
      },
      initializationOptions: {},
    });
    await this.conn.sendNotification('initialized', {});
  }

  /**
   * The next diagnostics published for a URI.
   * @param {string} uri
   * @returns {Promise<unknown>}
   */
  diagnostics(uri) {
    return new Promise((r) => this.waiters.set(uri, r));
  }

  /**
   * Opens a document; resolves with ms until its first diagnostics.
   * @param {string} uri @param {string} languageId @param {string} text
   */
  async open(uri, languageId, text) {
    const start = performance.now();
    const got = this.diagnostics(uri);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await got;
    return performance.now() - start;
  }

  /** @param {string} uri @param {number} version @param {Range} range @param {string} text */
  change(uri, version, range, text) {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  /** @param {string} uri */
  close(uri) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** @param {string} method @param {object} params */
  async timed(method, params) {
    const start = performance.now();
    const result = await this.conn.sendRequest(method, params);
    return { ms: performance.now() - start, result };
  }

  rssMb() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  }

  /**
   * RSS once it has settled: the lowest of a few readings over `ms` (V8's memory reducer runs when idle).
   * @param {number} ms
   */
  async settledRssMb(ms = 3000) {
    let low = this.rssMb();
    for (let waited = 0; waited < ms; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      low = Math.min(low, this.rssMb());
    }
    return low;
  }

  async stop() {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    await this.conn.sendNotification('exit').catch(() => undefined);
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
  }
}

/** @param {number[]} values @param {number} p */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Our server's command line; BENCH_NODE_ARGS go to node before the script.
 * @param {string} root
 */
export function ourServerArgs(root) {
  return [
    ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
    `${root}/dist/cli/main.js`,
    'lsp',
    '--stdio',
  ];
}
