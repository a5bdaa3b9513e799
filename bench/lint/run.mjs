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
// Wall time is what a user waits for, but on a shared machine it is mostly
// the others' load: CPU time (user + system, GNU time) is printed beside it.
// BENCH_LINT_BASELINE=/other/checkout/dist/cli/main.js adds that build as a
// third contender in the same run (before/after a change).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './templates.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/cli/main.js');
const baseline = process.env.BENCH_LINT_BASELINE;
const work = join(root, 'bench/.tmp/lint');
const COUNT = Number(process.env.BENCH_LINT_COUNT ?? 200);
const RUNS = Number(process.env.BENCH_LINT_RUNS ?? 7);

/** @typedef {{ seconds: number, cpu: number, rssMb: number, status: number | null }} Measure */

/**
 * Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one command, via GNU time.
 * @param {string} cmd @param {string[]} args
 * @returns {Measure}
 */
function measure(cmd, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [rssKb, user, system] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { seconds, cpu: (user ?? 0) + (system ?? 0), rssMb: (rssKb ?? 0) / 1024, status: r.status };
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** @param {number} x */
const fmt = (x, d = 3) => x.toFixed(d);

const files = generate(work, COUNT);
execFileSync('packer', ['version'], { stdio: 'ignore' });

/** @type {Record<string, (paths: string[]) => Measure>} */
const contenders = {
  chrootforge: (paths) => measure('node', [cli, 'validate', ...paths]),
  ...(baseline
    ? { baseline: (/** @type {string[]} */ paths) => measure('node', [baseline, 'validate', ...paths]) }
    : {}),
};

// Sanity: both tools accept every template (otherwise the timing compares failures).
for (const [name, run] of Object.entries(contenders)) {
  if (run(files).status !== 0) throw new Error(`${name} rejected a generated template`);
}

/** @typedef {{ wall: number[], cpu: number[], rss: number }} Samples */
/** @returns {Samples} */
const samples = () => ({ wall: [], cpu: [], rss: 0 });
/** @param {Samples} s @param {Measure} m */
const add = (s, m) => {
  s.wall.push(m.seconds);
  s.cpu.push(m.cpu);
  s.rss = Math.max(s.rss, m.rssMb);
};

/** @type {Record<string, Samples>} */
const batch = { packer: samples() };
for (const name of Object.keys(contenders)) batch[name] = samples();
for (let run = 0; run < 3; run++) {
  for (const [name, measureBatch] of Object.entries(contenders))
    add(/** @type {Samples} */ (batch[name]), measureBatch(files));
  let wall = 0;
  let cpu = 0;
  let rss = 0;
  for (const file of files) {
    const r = measure('packer', ['validate', file]);
    if (r.status !== 0) throw new Error(`packer rejected ${file}`);
    wall += r.seconds;
    cpu += r.cpu;
    rss = Math.max(rss, r.rssMb);
  }
  add(/** @type {Samples} */ (batch.packer), { seconds: wall, cpu, rssMb: rss, status: 0 });
}

/** @type {Record<string, Record<string, Samples>>} */
const one = {};
for (const [kind, file] of [
  ['JSON', files[0]],
  ['HCL', files[1]],
]) {
  if (!kind || !file) throw new Error(`${COUNT} templates: too few for the one-file figures (2 needed)`);
  /** @type {Record<string, Samples>} */
  const byTool = { packer: samples() };
  for (const name of Object.keys(contenders)) byTool[name] = samples();
  for (let run = 0; run < RUNS; run++) {
    // Alternate who goes first, so machine noise falls on all.
    /** @type {[string, () => Measure][]} */
    const order = [
      ...Object.entries(contenders).map(
        ([name, m]) => /** @type {[string, () => Measure]} */ ([name, () => m([file])]),
      ),
      ['packer', () => measure('packer', ['validate', file])],
    ];
    if (run % 2 === 1) order.reverse();
    for (const [name, m] of order) add(/** @type {Samples} */ (byTool[name]), m());
  }
  one[kind] = byTool;
}

const names = Object.keys(contenders);
console.log(
  `bench/lint — ${COUNT} templates (half legacy JSON, half HCL2), medians; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
);
console.log('');
console.log(`| measure | ${[...names, 'packer 1.6.6'].join(' | ')} | ratio (packer/ours), wall | CPU |`);
console.log(`|---|${[...names, 'packer'].map(() => '---|').join('')}---|---|`);
/** @param {string} label @param {Record<string, Samples>} by */
function row(label, by) {
  const cell = (/** @type {string} */ n) => {
    const s = /** @type {Samples} */ (by[n]);
    return `${fmt(median(s.wall))} (CPU ${fmt(median(s.cpu))})`;
  };
  const ratio = (/** @type {'wall' | 'cpu'} */ k) =>
    names
      .map(
        (n) =>
          `${n === 'chrootforge' ? '' : `${n} `}${fmt(median(by.packer?.[k] ?? []) / median(by[n]?.[k] ?? []), 2)}x`,
      )
      .join(', ');
  console.log(`| ${label} | ${[...names, 'packer'].map(cell).join(' | ')} | ${ratio('wall')} | ${ratio('cpu')} |`);
}
row(`batch of ${COUNT}, s (ours: one process; packer: once per file)`, batch);
for (const [kind, by] of Object.entries(one)) row(`one ${kind} file, cold, s`, by);
console.log(`| peak RSS, batch, MB | ${[...names, 'packer'].map((n) => fmt(batch[n]?.rss ?? 0, 1)).join(' | ')} | | |`);
for (const [kind, by] of Object.entries(one))
  console.log(
    `| peak RSS, one ${kind} file, MB | ${[...names, 'packer'].map((n) => fmt(by[n]?.rss ?? 0, 1)).join(' | ')} | | |`,
  );
console.log('');
/** @param {Record<string, Samples>} by @param {'wall' | 'cpu'} k */
const ratioOf = (by, k) => median(by.packer?.[k] ?? []) / median(by.chrootforge?.[k] ?? []);
/** @param {number} r @param {number} target */
const verdict = (r, target) => `${fmt(r, 2)}x ${r >= target ? 'met' : 'NOT met'}`;
const hcl = /** @type {Record<string, Samples>} */ (one.HCL);
const json = /** @type {Record<string, Samples>} */ (one.JSON);
console.log(
  `targets (wall; CPU in brackets): batch >= 50x per file: ${verdict(ratioOf(batch, 'wall'), 50)} (${fmt(ratioOf(batch, 'cpu'), 1)}x); ` +
    `one HCL file faster than packer: ${verdict(ratioOf(hcl, 'wall'), 1.0001)} (${fmt(ratioOf(hcl, 'cpu'), 2)}x); ` +
    `one JSON file no slower than packer: ${verdict(ratioOf(json, 'wall'), 1)} (${fmt(ratioOf(json, 'cpu'), 2)}x); ` +
    `RSS < 150 MB: ${(batch.chrootforge?.rss ?? 0) < 150 ? 'met' : 'NOT met'}`,
);
