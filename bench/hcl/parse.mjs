#!/usr/bin/env node
/**
 * HCL parse cost: time, garbage collection and memory of parseHcl on the
 * generated 3,000-line template of bench/lsp (100 sources, 100 provisioners).
 *
 * The parser is bundled from the sources (template/hcl/parse-hcl.ts, with
 * esbuild) into bench/.tmp/hcl, so no `npm run build` is needed and the
 * figures are those of the working tree.
 *
 * `node bench/hcl/parse.mjs [--runs N]` prints:
 * - parse time p50/p95 of the clean text and of the text with one syntax
 *   error (recovery path), after a warm-up;
 * - GC count and GC time during the timed runs;
 * - heap and RSS growth over 50 parses whose models are all kept (as 50
 *   open documents), and over 50 parses whose models are dropped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hclTemplate } from '../support/chroot-template.mjs';

if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
const collectGarbage = globalThis.gc;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'bench/.tmp/hcl');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 40;
const KEPT = 50;

mkdirSync(OUT, { recursive: true });
const { build } = await import('esbuild');
await build({
  entryPoints: [join(ROOT, 'template/hcl/parse-hcl.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: join(OUT, 'parse-hcl.mjs'),
  logLevel: 'error',
});
const { initHclParser, parseHcl } = await import(pathToFileURL(join(OUT, 'parse-hcl.mjs')).href);

const clean = hclTemplate().text;
writeFileSync(join(OUT, 'template.pkr.hcl'), clean); // for profiling by hand
const broken = clean.replace('mount_partition = "1"', 'mount_partition = ');
await initHclParser();
if (parseHcl('big.pkr.hcl', clean).diagnostics.length !== 0) throw new Error('the clean template has diagnostics');
if (parseHcl('big.pkr.hcl', broken).diagnostics.length === 0) throw new Error('the broken template has no diagnostics');

const gcs = { count: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcs.count++;
    gcs.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const wait = () => new Promise((done) => setTimeout(done, 50));

/** @param {string} text @param {number} runs */
async function timed(text, runs) {
  for (let i = 0; i < 5; i++) parseHcl('big.pkr.hcl', text);
  collectGarbage();
  await wait(); // GC entries are delivered asynchronously
  const before = { ...gcs };
  /** @type {number[]} */
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    parseHcl('big.pkr.hcl', text);
    samples.push(performance.now() - start);
  }
  await wait();
  samples.sort((a, b) => a - b);
  /** @param {number} q */
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), gcCount: gcs.count - before.count, gcMs: gcs.ms - before.ms };
}

async function memory() {
  collectGarbage();
  await wait(); // let the GC observer flush
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss, external: usage.external + usage.arrayBuffers };
}
/** @param {number} bytes */
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

const lineCount = clean.split('\n').length - 1;
const cleanTimes = await timed(clean, RUNS);
const brokenTimes = await timed(broken, Math.max(10, Math.floor(RUNS / 2)));

const base = await memory();
const kept = [];
for (let i = 0; i < KEPT; i++) kept.push(parseHcl(`doc${i}.pkr.hcl`, `${clean}# ${i}\n`));
const withKept = await memory();
kept.length = 0;
const released = await memory();
let peakRss = released.rss;
for (let i = 0; i < KEPT; i++) {
  parseHcl(`doc${i}.pkr.hcl`, clean);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const afterDropped = await memory();

/** @param {number} value */
const ms = (value) => `${value.toFixed(1)} ms`;
console.log(`parseHcl, ${lineCount} lines, ${clean.length} chars (node ${process.version})`);
console.log('');
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| clean: parse p50 / p95 (${RUNS} runs) | ${ms(cleanTimes.p50)} / ${ms(cleanTimes.p95)} |`);
console.log(`| clean: GCs during the runs (count, total pause) | ${cleanTimes.gcCount}, ${ms(cleanTimes.gcMs)} |`);
console.log(`| one syntax error: parse p50 / p95 | ${ms(brokenTimes.p50)} / ${ms(brokenTimes.p95)} |`);
console.log(`| one syntax error: GCs (count, total pause) | ${brokenTimes.gcCount}, ${ms(brokenTimes.gcMs)} |`);
console.log(
  `| ${KEPT} models kept: heap growth (per model) | ${mb(withKept.heap - base.heap)} (${mb((withKept.heap - base.heap) / KEPT)}) |`,
);
console.log(`| ${KEPT} models kept: RSS growth | ${mb(withKept.rss - base.rss)} |`);
console.log(
  `| ${KEPT} parses, models dropped: heap / RSS growth after GC | ${mb(afterDropped.heap - released.heap)} / ${mb(afterDropped.rss - released.rss)} |`,
);
console.log(`| ${KEPT} parses, models dropped: peak RSS over the start | ${mb(peakRss - released.rss)} |`);
console.log(`| RSS at the end | ${mb(afterDropped.rss)} |`);
