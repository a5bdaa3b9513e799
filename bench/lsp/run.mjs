#!/usr/bin/env node
/**
 * The language server's figures, each printed beside its target:
 * - against the peer (peers.mjs): a 3,000-line template against
 *   yaml-language-server on the same content as schema-checked YAML,
 *   measured side by side in this run, as ratios;
 * - large files and long sessions (large.mjs): a 5 MB HCL template, a
 *   6.5 MB JSON template, 1,000 open/edit/close cycles.
 *
 * Run after `npm run build`:
 *   node bench/lsp/run.mjs [--runs N] [--only peers|large] [--cycles N]
 * BENCH_NODE_ARGS (space-separated) go to our server's node before the
 * script: how heap flags are tried before cli/v8-flags.ts sets them.
 * Exit 1 when a target is missed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeRows } from './large.mjs';
import { peerRows } from './peers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, 'bench/.tmp/lsp');
const arg = (/** @type {string} */ name) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const RUNS = Number(arg('--runs')) || 60;
const ONLY = arg('--only');

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

/** @type {Array<[string, { note: string, rows: import('./harness.mjs').Row[] }]>} */
const sections = [];
if (ONLY !== 'large')
  sections.push(['Against yaml-language-server', await peerRows({ work: join(WORK, 'peers'), runs: RUNS })]);
if (ONLY !== 'peers')
  sections.push([
    'Large files and long sessions',
    await largeRows({
      root: ROOT,
      work: join(WORK, 'large'),
      runs: Math.min(RUNS, 10),
      cycles: Number(arg('--cycles')) || 1000,
    }),
  ]);

const num = (/** @type {number | undefined} */ n) => (n === undefined ? '' : n.toFixed(1));
let missed = 0;
for (const [title, { note, rows }] of sections) {
  console.log(`\n${title}: ${note}\n`);
  console.log(
    `${'measure'.padEnd(44)}${'chrootforge'.padStart(12)}${'peer'.padStart(10)}${'ratio'.padStart(8)}${'target'.padStart(16)}  met`,
  );
  for (const row of rows) {
    const ratio = row.peer === undefined ? undefined : row.ours / row.peer;
    let target = '';
    let met = '';
    if (row.ratio !== undefined && ratio !== undefined) {
      target = `≤ ${row.ratio}×`;
      met = ratio <= row.ratio ? 'yes' : 'NO';
    } else if (row.max !== undefined) {
      target = `< ${row.target ?? row.max.toFixed(0)}`;
      met = row.ours < row.max ? 'yes' : 'NO';
    }
    if (met === 'NO') missed++;
    console.log(
      `${row.label.padEnd(44)}${num(row.ours).padStart(12)}${num(row.peer).padStart(10)}${(ratio === undefined ? '' : ratio.toFixed(2)).padStart(8)}${target.padStart(16)}  ${met}`,
    );
  }
}
console.log(`\n${missed ? `${missed} target(s) missed` : 'every target met'}`);
process.exitCode = missed ? 1 : 0;
