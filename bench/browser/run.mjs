#!/usr/bin/env node
/**
 * bench/browser: open → first diagnostics on the generated 3,000-line
 * template (bench/support/chroot-template.mjs, the LSP bench's), in the
 * playground's Web Worker against the Node server (`chrootforge lsp
 * --stdio`), measured in the same run, alternating.
 *
 * - Node: a fresh server process per run; after `initialize` (which waits
 *   for the engine and the grammar), didOpen of the file (on disk in its
 *   own directory) until its first publishDiagnostics.
 * - Browser: a fresh page per run (a new worker), the template given in
 *   the share fragment; from the page's first didOpen (sent once the
 *   worker answered `initialize`) to its first publication, measured in the
 *   page. Its directory listing and files come through the client, as on
 *   vscode.dev.
 * Also printed: the page's cold start (worker creation to ready).
 * Target: the browser within 1.5x of Node. It measures; it does not assert.
 *
 * Run after `npm run build && npm run build:browser`: `node bench/browser/run.mjs [--runs N]`.
 */
import { spawn } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { chromiumMissing, launchChromium } from '../../test/browser/support/chromium.mjs';
import { serveDirectory } from '../../test/browser/support/static-server.mjs';
import { hclTemplate } from '../support/chroot-template.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, 'bench/.tmp/browser');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;

/**
 * What the playground page exposes for measurement (playground/src/main.ts).
 * @typedef {{ lsp: { openToFirstDiagnosticsMs(): number | undefined, diagnostics(): unknown[] },
 *   model: { getLineCount(): number } }} Playground
 * @typedef {{ ms: number, count: number }} Run
 */

const missing = chromiumMissing();
if (missing) {
  console.error(`bench/browser: ${missing}`);
  process.exit(2);
}

const { text } = hclTemplate();
const lineCount = text.split('\n').length;
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const file = join(WORK, 'main.pkr.hcl');
writeFileSync(file, text);

/**
 * One Node server: start, initialize, open, first diagnostics; ms from didOpen.
 * @returns {Promise<Run>}
 */
async function nodeRun() {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'lsp', '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  /** @type {Promise<{ uri: string, diagnostics: unknown[] }>} */
  const first = new Promise((done) =>
    conn.onNotification(
      'textDocument/publishDiagnostics',
      (/** @type {{ uri: string, diagnostics: unknown[] }} */ p) => {
        if (p.uri === uri) done(p);
      },
    ),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (/** @type {{ items: unknown[] }} */ p) => p.items.map(() => null));
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(WORK).href,
    capabilities: {},
  });
  await conn.sendNotification('initialized', {});
  const start = performance.now();
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'packer', version: 1, text },
  });
  const published = await first;
  const ms = performance.now() - start;
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  child.kill('SIGKILL');
  conn.dispose();
  return { ms, count: published.diagnostics.length };
}

const fragment = `#t=${deflateRawSync(Buffer.from(text)).toString('base64url')}&f=bench.pkr.hcl`;

/**
 * One fresh page: the template from the fragment; ms from didOpen to the first diagnostics, and the cold start.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url
 * @returns {Promise<Run & { lines: number, coldMs: number }>}
 */
async function browserRun(context, url) {
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${url}${fragment}`);
  // These functions run in the page (serialized there): each reads the playground itself.
  await page.waitForFunction(
    () =>
      /** @type {{ playground?: Playground }} */ (
        /** @type {unknown} */ (window)
      ).playground?.lsp.openToFirstDiagnosticsMs() !== undefined,
    null,
    { timeout: 120_000 },
  );
  const result = await page.evaluate(() => {
    const p = /** @type {{ playground: Playground }} */ (/** @type {unknown} */ (window)).playground;
    return {
      ms: p.lsp.openToFirstDiagnosticsMs() ?? Number.NaN,
      count: p.lsp.diagnostics().length,
      lines: p.model.getLineCount(),
    };
  });
  const coldMs = Date.now() - started;
  await page.close();
  return { ...result, coldMs };
}

const server = await serveDirectory(join(ROOT, 'dist/playground'));
const { browser, close } = await launchChromium();
/** @type {Run[]} */
const node = [];
/** @type {Array<Run & { coldMs: number }>} */
const page = [];
try {
  // One of each first, untimed: the disk cache and Chromium's code cache warm as an editor's would.
  await nodeRun();
  await browserRun(browser, server.url);
  for (let i = 0; i < RUNS; i++) {
    node.push(await nodeRun());
    page.push(await browserRun(browser, server.url));
  }
} finally {
  await close();
  await server.close();
  rmSync(WORK, { recursive: true, force: true });
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const nodeMs = median(node.map((r) => r.ms));
const pageMs = median(page.map((r) => r.ms));
const ratio = pageMs / nodeMs;
const nodeCount = node[0]?.count;
const pageCount = page[0]?.count;
if (nodeCount !== pageCount) console.log(`WARNING: diagnostics differ: node ${nodeCount}, browser ${pageCount}`);
console.log(`bench/browser — ${lineCount}-line template, ${RUNS} runs each, alternating, medians

| measure | Node server (stdio) | browser worker (Chromium) | ratio |
|---|---|---|---|
| open → first diagnostics, ms | ${nodeMs.toFixed(0)} | ${pageMs.toFixed(0)} | ${ratio.toFixed(2)}x |
| diagnostics published | ${nodeCount} | ${pageCount} | |
| page load → first diagnostics (cold worker: wasm, engine), ms | | ${median(page.map((r) => r.coldMs)).toFixed(0)} | |

range: Node ${Math.min(...node.map((r) => r.ms)).toFixed(0)}–${Math.max(...node.map((r) => r.ms)).toFixed(0)} ms, browser ${Math.min(...page.map((r) => r.ms)).toFixed(0)}–${Math.max(...page.map((r) => r.ms)).toFixed(0)} ms
target: browser within 1.5x of Node: ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
