#!/usr/bin/env node
// bench/lint: chrootforge validate against packer validate (Debian's 1.6.6),
// measured in the same run on the same generated templates.
//  - batch: 200 templates in one chrootforge process vs packer once per file
//    (as a per-file pre-commit hook runs it);
//  - one file, cold process: median of runs, JSON and HCL;
//  - peak RSS of the batch and of one file (GNU time's %M).
// Prints figures and ratios; targets (issue 12): batch >= 50x per file, one
// HCL file and one JSON file cold no slower than packer, RSS < 150 MB. It
// measures; it does not assert. Alternating, so machine noise hits both.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './templates.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/cli/main.js');
const work = join(root, 'bench/.tmp/lint');
const COUNT = Number(process.env.BENCH_LINT_COUNT ?? 200);
const RUNS = Number(process.env.BENCH_LINT_RUNS ?? 7);

/**
 * Wall seconds and peak RSS (MB) of one command, via GNU time.
 * @param {string} cmd @param {string[]} args
 */
function measure(cmd, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  return { seconds, rssMb: rssKb / 1024, status: r.status };
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** @param {number} x */
const fmt = (x, d = 3) => x.toFixed(d);

const files = generate(work, COUNT);
execFileSync('packer', ['version'], { stdio: 'ignore' });

// Sanity: both tools accept every template (otherwise the timing compares failures).
const ours = measure('node', [cli, 'validate', ...files]);
if (ours.status !== 0) throw new Error('chrootforge rejected a generated template');

const batchOurs = [];
const batchPacker = [];
for (let run = 0; run < 3; run++) {
  batchOurs.push(measure('node', [cli, 'validate', ...files]).seconds);
  let total = 0;
  for (const file of files) {
    const r = measure('packer', ['validate', file]);
    if (r.status !== 0) throw new Error(`packer rejected ${file}`);
    total += r.seconds;
  }
  batchPacker.push(total);
}
const batchRss = measure('node', [cli, 'validate', ...files]).rssMb;

/** @typedef {{ ours: number, packer: number, oursRss: number, packerRss: number }} OneFile */
/** @type {Record<string, OneFile>} */
const found = {};
for (const [kind, file] of [
  ['json', files[0]],
  ['hcl', files[1]],
]) {
  if (!kind || !file) throw new Error(`${COUNT} templates: too few for the one-file figures (2 needed)`);
  const o = [];
  const p = [];
  let oursRss = 0;
  let packerRss = 0;
  for (let run = 0; run < RUNS; run++) {
    // Alternate so machine noise falls on both.
    const a = measure('node', [cli, 'validate', file]);
    const b = measure('packer', ['validate', file]);
    o.push(a.seconds);
    p.push(b.seconds);
    oursRss = Math.max(oursRss, a.rssMb);
    packerRss = Math.max(packerRss, b.rssMb);
  }
  found[kind] = { ours: median(o), packer: median(p), oursRss, packerRss };
}
const one = /** @type {{ json: OneFile, hcl: OneFile }} */ (found);

const bo = median(batchOurs);
const bp = median(batchPacker);
console.log(`bench/lint — ${COUNT} templates (half legacy JSON, half HCL2), medians`);
console.log('');
console.log('| measure | chrootforge | packer 1.6.6 | ratio (packer/ours) |');
console.log('|---|---|---|---|');
console.log(
  `| batch of ${COUNT}, s (ours: one process; packer: once per file) | ${fmt(bo)} | ${fmt(bp)} | ${fmt(bp / bo, 1)}x |`,
);
console.log(
  `| one JSON file, cold, s | ${fmt(one.json.ours)} | ${fmt(one.json.packer)} | ${fmt(one.json.packer / one.json.ours, 2)}x |`,
);
console.log(
  `| one HCL file, cold, s | ${fmt(one.hcl.ours)} | ${fmt(one.hcl.packer)} | ${fmt(one.hcl.packer / one.hcl.ours, 2)}x |`,
);
console.log(`| peak RSS, batch, MB | ${fmt(batchRss, 1)} | – | |`);
console.log(`| peak RSS, one JSON file, MB | ${fmt(one.json.oursRss, 1)} | ${fmt(one.json.packerRss, 1)} | |`);
console.log(`| peak RSS, one HCL file, MB | ${fmt(one.hcl.oursRss, 1)} | ${fmt(one.hcl.packerRss, 1)} | |`);
console.log('');
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(
  `targets: batch >= 50x per file: ${verdict(bp / bo >= 50)}; one HCL file faster than packer: ${verdict(one.hcl.ours < one.hcl.packer)}; one JSON file no slower than packer: ${verdict(one.json.ours <= one.json.packer)}; RSS < 150 MB: ${verdict(batchRss < 150)}`,
);
