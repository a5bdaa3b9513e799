import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { largeHcl } from './support/large-documents.mjs';
import { Server } from './lsp/harness.mjs';
const root = '/work/wt/i12-lsp-perf';
const work = '/tmp/perf/hclprof'; mkdirSync(work, { recursive: true });
const server = new Server('x', process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/perf/srvprof', `${root}/dist/cli/main.js`, 'lsp', '--stdio'], {});
await server.initialize(work);
const hcl = largeHcl(+(process.argv[2] ?? 2e6));
const path = join(work, 'main.pkr.hcl'); writeFileSync(path, hcl.text);
const uri = pathToFileURL(path).href;
const t0 = performance.now();
console.log('open', (await server.open(uri, 'hcl', hcl.text)).toFixed(0));
const at = { line: hcl.marks.fieldLine, character: 0 };
let version = 1;
for (let i = 0; i < 3; i++) {
  await server.change(uri, ++version, { start: at, end: at }, '  mou\n');
  console.log('completion', (await server.timed('textDocument/completion', { textDocument: { uri }, position: { ...at, character: 5 } })).ms.toFixed(0));
  await server.change(uri, ++version, { start: at, end: { line: at.line + 1, character: 0 } }, '');
  console.log('hover', (await server.timed('textDocument/hover', { textDocument: { uri }, position: hcl.marks.hover })).ms.toFixed(0));
}
console.log('rss', server.rssMb().toFixed(0), 'total', (performance.now() - t0).toFixed(0));
await server.stop();
