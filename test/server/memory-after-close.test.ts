/**
 * A real server process gives back what a large document cost once it
 * closes (issue 12), even when the document closed with an edit still
 * waiting for its analysis. The server's own heap in use after a forced
 * collection is read by a probe (support/heap-probe.mjs) through a signal,
 * not through the protocol, and compared with the heap before the
 * document opened: RSS would measure V8's habits, not what is kept.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { pathToUri } from '../../server/workspace/files.js';
import { LspProcess } from './support/lsp-process.js';
import { largeTemplate } from './support/large-template.js';

const PROBE = pathToFileURL(resolve(import.meta.dirname, 'support/heap-probe.mjs')).href;
const MB = 2 ** 20;

let server: LspProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

/** The server's heap in use after a full collection (MB). */
async function heapUsedMb(probed: LspProcess, file: string): Promise<number> {
  rmSync(file, { force: true });
  probed.child.kill('SIGUSR2');
  for (let waited = 0; !existsSync(file); waited += 50) {
    if (waited > 10_000) throw new Error(`the heap probe wrote nothing; stderr: ${probed.stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Number(readFileSync(file, 'utf8')) / MB;
}

it('closing a large document with an edit pending leaves the heap as it was before it opened', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cf-heap-close-'));
  const heapFile = join(root, 'heap');
  server = new LspProcess(['lsp', '--stdio'], {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
    CHROOTFORGE_TEST_HEAP_FILE: heapFile,
  });
  await server.initialize(root);

  // The HCL engine loaded (a small template opened and closed) before the heap is read.
  mkdirSync(join(root, 'small'));
  const smallUri = pathToUri(join(root, 'small', 'main.pkr.hcl'));
  const small = server.diagnosticsFor(smallUri);
  await server.open(smallUri, largeTemplate(2_000));
  await small;
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: smallUri } });
  const before = await heapUsedMb(server, heapFile);

  // On disk too: an analysis left to run after the close would read the file there.
  mkdirSync(join(root, 'large'));
  const path = join(root, 'large', 'main.pkr.hcl');
  const text = largeTemplate(1_500_000);
  writeFileSync(path, text);
  const uri = pathToUri(path);
  const opened = server.diagnosticsFor(uri, () => true, 120_000);
  await server.open(uri, text);
  await opened;
  const open = await heapUsedMb(server, heapFile);
  // The model of the open document is what a leak would keep: it must be large enough to tell.
  expect(open - before).toBeGreaterThan(20);

  await server.change(uri, 2, `# edited\n${text}`);
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // Past the debounce (150 ms): a waiting analysis would have started, and what it holds is live.
  await new Promise((r) => setTimeout(r, 1000));
  const closed = await heapUsedMb(server, heapFile);
  expect(closed - before, `heap in use (MB): ${before} before, ${open} open, ${closed} closed`).toBeLessThan(
    (open - before) / 5,
  );
}, 180_000);
