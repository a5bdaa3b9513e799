#!/usr/bin/env node
/**
 * A seeded, time-bounded fuzzer of the language server, as a hostile author
 * would drive it: random small edits, pastes of up to 150 KB (open
 * brackets, open blocks, garbage, valid template text), large deletions,
 * and between them random requests at random positions, some cancelled at
 * once. It checks that every request is answered (a result, an error or
 * RequestCancelled) within a bound, that the server never dies, and that
 * its final diagnostics equal those of a fresh server opening the final
 * text. test/server/fuzz.test.ts runs it for 25 s; run it longer
 * here, after `npm run build`, for the per-request latency distribution:
 *
 *   node bench/lsp/fuzz.mjs [--seconds 300] [--seed N] [--actions N]
 *
 * The actions are the seed's; how many fit in the time depends on the
 * machine, so `--actions N` replays a run exactly up to its Nth action.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** The largest paste. */
export const MAX_PASTE = 150 * 1024;
/** The document is cut back when it grows past this. */
const MAX_DOCUMENT = 400 * 1024;

export const START = `variable "image" {
  default = "base.img"
}
locals {
  out = "\${var.image}.out"
}
source "chroot" "base" {
  source_image = var.image
  mount_path = "/mnt/{{.Device}}"
  chroot_mounts = [["proc", "proc", "/proc"]]
  partition_mounts = [["1", "/boot"]]
  command_wrapper = "sudo {{.Command}}"
  output_format = "qcow2"
}
build {
  sources = ["source.chroot.base"]
  provisioner "shell" {
    only = ["chroot.base"]
    inline = ["echo {{.Vars}}", <<EOF
echo hi
EOF
    ]
  }
}
`;

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '{{',
  '}}',
  '{{.',
  '.',
  '=',
  '\n',
  ' ',
  '#',
  '//',
  '/*',
  '*/',
  '<<EOF\n',
  'EOF\n',
  '\\',
  'var.',
  'local.',
  'source.chroot.',
  'format(',
  ',',
  'provisioner "shell" {\n',
  'source "chroot" "x" {\n',
  'mount_path = ',
  '"{{user `x`}}"',
  '\u00e9',
  '\ud83d\ude00',
  '\t',
  '\r\n',
  '%{',
  'for x in',
  '?',
  ':',
  '...',
  '-1e9',
  'null',
];

export const METHODS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentSymbol',
  'textDocument/formatting',
  'textDocument/foldingRange',
  'textDocument/semanticTokens/full',
  'textDocument/signatureHelp',
  'textDocument/codeAction',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/rangeFormatting',
];

/**
 * mulberry32: a small seeded generator, so a run's actions replay exactly.
 * @param {number} seed
 * @returns {() => number}
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A paste of `size` characters of one hostile kind.
 * @param {() => number} rand
 * @param {number} size
 * @returns {string}
 */
function paste(rand, size) {
  /** @type {<T>(xs: T[]) => T} */
  const pick = (xs) => /** @type {any} */ (xs[Math.floor(rand() * xs.length)]);
  const kinds = [
    () => '{[('.repeat(size / 3 + 1),
    () => pick(['[', '{', '(']).repeat(size),
    () => 'b {\n'.repeat(size / 4 + 1),
    () => 'source "chroot" "p" {\n  a = ['.repeat(size / 30 + 1),
    () => {
      let out = '';
      while (out.length < size)
        out += rand() < 0.5 ? pick(FRAGMENTS) : String.fromCharCode(32 + Math.floor(rand() * 95));
      return out;
    },
    () => {
      let out = '';
      for (let i = 0; out.length < size; i++)
        out += `source "chroot" "p${i}" {\n  source_image = "p${i}.img"\n  mount_path = "/mnt/{{.Device}}"\n}\n`;
      return out;
    },
  ];
  return pick(kinds)().slice(0, size);
}

/** @typedef {{ uri: string, version?: number, diagnostics: unknown[] }} Published */

/** A language-server process over stdio, with the diagnostics it publishes. */
class Server {
  constructor() {
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
    /** @type {Map<string, Published>} */
    this.published = new Map();
    /** @type {Array<(p: Published) => boolean>} */
    this.waiters = [];
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (/** @type {Published} */ p) => {
      this.published.set(p.uri, p);
      for (const w of [...this.waiters]) if (w(p)) this.waiters.splice(this.waiters.indexOf(w), 1);
    });
    this.conn.onRequest('workspace/configuration', (/** @type {{ items: unknown[] }} */ p) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('window/logMessage', () => {});
    this.conn.listen();
  }

  /** @param {string} dir */
  async initialize(dir) {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /**
   * The diagnostics of a version of a document, published or still to come.
   * @param {string} uri
   * @param {number} version
   * @param {number} timeoutMs
   * @returns {Promise<unknown[]>}
   */
  diagnostics(uri, version, timeoutMs) {
    const seen = this.published.get(uri);
    if (seen && seen.version === version) return Promise.resolve(seen.diagnostics);
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for version ${version} within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push((p) => {
        if (p.uri !== uri || p.version !== version) return false;
        clearTimeout(timer);
        resolveWait(p.diagnostics);
        return true;
      });
    });
  }

  async stop() {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    const { code } = await this.exited;
    this.conn.dispose();
    return code;
  }

  kill() {
    this.conn.dispose();
    this.child.kill('SIGKILL');
  }
}

/**
 * Runs the fuzzer for `seconds`. Resolves with what happened: requests
 * answered per method with their latencies, the requests over `boundMs`,
 * whether the final diagnostics equal a fresh server's, and the server's
 * exit code after shutdown. Never throws for a defect found: the caller
 * asserts (a test) or prints (the bench).
 * @param {{ seed?: number, seconds?: number, maxActions?: number, boundMs?: number, log?: (line: string) => void }} [options]
 */
export async function runFuzz({
  seed = 20261203,
  seconds = 40,
  maxActions = Number.POSITIVE_INFINITY,
  boundMs = 10_000,
  log = () => {},
} = {}) {
  const rand = random(seed);
  /** @type {<T>(xs: T[]) => T} */
  const pick = (xs) => /** @type {any} */ (xs[Math.floor(rand() * xs.length)]);
  const dir = mkdtempSync(join(tmpdir(), 'cf-fuzz-'));
  const uri = pathToFileURL(join(dir, 'main.pkr.hcl')).href;
  const server = new Server();
  /** @type {Map<string, number[]>} */
  const latencies = new Map(METHODS.map((m) => [m, []]));
  /** @type {Array<{ action: number, method: string, position: { line: number, character: number }, text: string }>} */
  const late = [];
  /** @type {string[]} */
  const failures = [];
  let doc = TextDocument.create(uri, 'hcl', 1, START);
  let actions = 0;
  let pastes = 0;
  let cancelled = 0;
  try {
    await server.initialize(dir);
    await server.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'hcl', version: 1, text: START },
    });
    /** @type {(start: number, end: number, text: string) => Promise<void>} */
    const change = async (start, end, text) => {
      const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
      doc = TextDocument.update(doc, [{ range, text }], doc.version + 1);
      await server.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: doc.version },
        contentChanges: [{ range, text }],
      });
    };
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline && actions < maxActions) {
      actions++;
      const length = doc.getText().length;
      const roll = rand();
      if (length > MAX_DOCUMENT) {
        const start = Math.floor(rand() * length * 0.5);
        await change(start, start + Math.floor(length / 2), '');
      } else if (roll < 0.01) {
        await change(0, length, START);
      } else if (roll < 0.05) {
        pastes++;
        const at = Math.floor(rand() * (length + 1));
        await change(at, at, paste(rand, 1 + Math.floor(rand() * MAX_PASTE)));
      } else if (roll < 0.08) {
        const start = Math.floor(rand() * length);
        await change(start, Math.min(length, start + Math.floor(rand() * 20_000)), '');
      } else {
        for (let e = 1 + Math.floor(rand() * 3); e > 0; e--) {
          const size = doc.getText().length;
          const start = Math.floor(rand() * (size + 1));
          const end = rand() < 0.5 ? start : Math.min(size, start + Math.floor(rand() * 12));
          await change(start, end, rand() < 0.8 ? pick(FRAGMENTS) : String.fromCharCode(32 + Math.floor(rand() * 95)));
        }
      }
      const method = pick(METHODS);
      const offset = Math.floor(rand() * (doc.getText().length + 1));
      const position = doc.positionAt(offset);
      const params = {
        textDocument: { uri },
        position,
        range: { start: position, end: doc.positionAt(offset + 20) },
        context: { includeDeclaration: true, diagnostics: [] },
        newName: 'renamed',
        options: { tabSize: 2, insertSpaces: true },
      };
      const source = new CancellationTokenSource();
      const cancel = rand() < 0.1;
      const started = performance.now();
      const answer = server.conn.sendRequest(method, params, source.token).then(
        () => 'result',
        (/** @type {{ code?: number, message?: string } | undefined} */ err) =>
          err?.code === -32800 ? 'cancelled' : `error ${err?.code}: ${err?.message}`,
      );
      if (cancel) source.cancel();
      const outcome = await Promise.race([
        answer,
        new Promise((r) => setTimeout(() => r('late'), boundMs)),
        server.exited.then(({ code, signal }) => `server exited (${code ?? signal})`),
      ]);
      const ms = performance.now() - started;
      if (outcome === 'late') {
        late.push({ action: actions, method, position, text: doc.getText() });
        const eventually = await Promise.race([answer, new Promise((r) => setTimeout(() => r('never'), 120_000))]);
        if (eventually === 'never') {
          failures.push(`${method} at action ${actions} not answered within 120 s: the server hangs`);
          break;
        }
      } else if (outcome.startsWith('server exited')) {
        failures.push(`${outcome} at action ${actions} (${method}); stderr: ${server.stderr}`);
        break;
      } else if (outcome.startsWith('error -32603')) {
        failures.push(`${method} at action ${actions}: internal error ${outcome}`);
      }
      if (outcome === 'cancelled') cancelled++;
      else latencies.get(method)?.push(ms);
      if (actions % 500 === 0) log(`${actions} actions, ${pastes} pastes, document ${doc.getText().length} chars`);
    }
    const text = doc.getText();
    /** @type {(what: string, promise: Promise<unknown[]>) => Promise<unknown[] | undefined>} */
    const settled = async (what, promise) => {
      try {
        return await promise;
      } catch (err) {
        failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    };
    const final = failures.length
      ? undefined
      : await settled('final diagnostics', server.diagnostics(uri, doc.version, 60_000));
    const fresh = final ? await settled("a fresh server's diagnostics", freshDiagnostics(dir, uri, text)) : undefined;
    const exitCode = failures.length ? undefined : await server.stop();
    return { seed, actions, pastes, cancelled, latencies, late, failures, final, fresh, exitCode, text };
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The diagnostics a new server publishes for the same text.
 * @param {string} dir
 * @param {string} uri
 * @param {string} text
 */
async function freshDiagnostics(dir, uri, text) {
  const server = new Server();
  try {
    await server.initialize(dir);
    await server.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'hcl', version: 1, text },
    });
    const diagnostics = await server.diagnostics(uri, 1, 60_000);
    await server.stop();
    return diagnostics;
  } finally {
    server.kill();
  }
}

/**
 * p-th percentile (0-100) of a list of numbers.
 * @param {number[]} values
 * @param {number} p
 * @returns {number}
 */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main() {
  /** @type {(name: string, fallback: number) => number} */
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const seconds = arg('--seconds', 300);
  const seed = arg('--seed', Date.now() % 2 ** 31);
  const maxActions = arg('--actions', Number.POSITIVE_INFINITY);
  console.log(`fuzzing the language server for ${seconds} s, seed ${seed}`);
  const run = await runFuzz({ seed, seconds, maxActions, log: (line) => console.log(`  ${line}`) });
  console.log(
    `\n${run.actions} actions, ${run.pastes} pastes up to ${MAX_PASTE / 1024} KB, ${run.cancelled} cancelled`,
  );
  console.log('\nlatency per request, ms (answered requests, cancelled ones excluded)');
  console.log(
    'method'.padEnd(36),
    'n'.padStart(6),
    'p50'.padStart(8),
    'p95'.padStart(8),
    'p99'.padStart(8),
    'max'.padStart(8),
  );
  /** @type {number[]} */
  const all = [];
  for (const [method, values] of run.latencies) {
    all.push(...values);
    const row = [50, 95, 99, 100].map((p) => percentile(values, p).toFixed(1).padStart(8));
    console.log(method.replace('textDocument/', '').padEnd(36), String(values.length).padStart(6), ...row);
  }
  const row = [50, 95, 99, 100].map((p) => percentile(all, p).toFixed(1).padStart(8));
  console.log('all'.padEnd(36), String(all.length).padStart(6), ...row);
  const same = run.final !== undefined && JSON.stringify(run.final) === JSON.stringify(run.fresh);
  console.log(`\nrequests over the bound: ${run.late.length}; failures: ${run.failures.length}`);
  if (run.final)
    console.log(`final diagnostics equal a fresh server's: ${same}; exit code after shutdown: ${run.exitCode}`);
  for (const f of run.failures) console.log(`  ${f}`);
  if (run.failures.length) {
    const file = join(ROOT, 'bench/.tmp', `fuzz-final-${seed}.pkr.hcl`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, run.text);
    console.log(`  final text in ${file}`);
  }
  for (const [i, l] of run.late.entries()) {
    // The text a late request was asked on, to replay it alone.
    const file = join(ROOT, 'bench/.tmp', `fuzz-late-${seed}-${i}.pkr.hcl`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, l.text);
    console.log(`  late: ${l.method} at ${JSON.stringify(l.position)} (action ${l.action}), text in ${file}`);
  }
  if (!same || run.failures.length || run.late.length) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
