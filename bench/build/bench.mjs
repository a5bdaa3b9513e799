#!/usr/bin/env node
// bench/build: the example build (examples/busybox.pkr.hcl) by chrootforge
// and by floor.sh (the same work written by hand), alternating, N runs each.
// Prints median wall times, artifact disk blocks and the ratios against the
// targets (time <= 1.2x, blocks <= 1.1x); then the parallel speed-up of two
// builds against the same two one after another (parallel.mjs). Figures,
// not a test.
//
// Usage (as root, after `npm run build`): node bench/build/bench.mjs [--runs N]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchParallel } from './parallel.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

/** @typedef {'chrootforge' | 'floor'} Contender */
/** @typedef {Record<string, number>} StepTable step name -> seconds ("total" = all steps) */

const tmp = mkdtempSync(join(tmpdir(), 'cf-bench-build-'));
const tpl = join(tmp, 'example');
try {
  // A private copy of the example, so its output/ never touches examples/.
  for (const name of ['busybox.pkr.hcl', 'files', 'scripts'])
    cpSync(join(repo, 'examples', name), join(tpl, name), { recursive: true });
  execFileSync('bash', [join(repo, 'examples/make-base-image.sh'), join(tpl, 'base.img')], { stdio: 'ignore' });

  /** @type {Record<Contender, { run: () => string, artifact: string, reset: () => void }>} */
  const contenders = {
    chrootforge: {
      run: () =>
        execFileSync(process.execPath, [join(repo, 'dist/cli/main.js'), 'build', join(tpl, 'busybox.pkr.hcl')], {
          encoding: 'utf8',
        }),
      artifact: join(tpl, 'output/busybox.img'),
      reset: () => rmSync(join(tpl, 'output'), { recursive: true, force: true }),
    },
    floor: {
      run: () =>
        execFileSync('bash', [join(repo, 'bench/build/floor.sh'), join(tpl, 'base.img'), tpl, join(tmp, 'floor-out')], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      artifact: join(tmp, 'floor-out/busybox.img'),
      reset: () => rmSync(join(tmp, 'floor-out'), { recursive: true, force: true }),
    },
  };
  /** @type {Record<Contender, number[]>} */
  const times = { chrootforge: [], floor: [] };
  // chrootforge's own step table, per run.
  /** @type {StepTable[]} */
  const steps = [];
  /** @type {Record<Contender, number[]>} */
  const blocks = { chrootforge: [], floor: [] };
  // Seconds of each run spent on the sha256 of the artifact (chrootforge: its
  // post-processors step, checksum and manifest).
  /** @type {Record<Contender, number[]>} */
  const checksum = { chrootforge: [], floor: [] };
  // One warm-up each (page cache, node's compile cache), not counted.
  for (const c of Object.values(contenders)) {
    c.run();
    c.reset();
  }
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so drift in the machine hits both alike.
    /** @type {Contender[]} */
    const order = i % 2 === 0 ? ['chrootforge', 'floor'] : ['floor', 'chrootforge'];
    for (const name of order) {
      const c = contenders[name];
      c.reset();
      const t0 = process.hrtime.bigint();
      const output = c.run();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
      if (name === 'chrootforge') steps.push(stepTable(output));
      // The checksum each side computed (same work: sha256 of the whole artifact).
      checksum[name].push(
        name === 'chrootforge'
          ? (stepTable(output)['post-processors'] ?? 0)
          : Number(/^checksum-seconds ([0-9.]+)/m.exec(output)?.[1] ?? 0),
      );
      blocks[name].push(statSync(c.artifact).blocks * 512);
    }
  }
  /** @param {number[]} xs */
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const tC = median(times.chrootforge);
  const tF = median(times.floor);
  const bC = median(blocks.chrootforge);
  const bF = median(blocks.floor);
  /** @param {number} b */
  const mib = (b) => (b / 1048576).toFixed(2);
  console.log(`bench/build: examples/busybox.pkr.hcl, ${runs} runs each, alternating; medians`);
  console.log(
    `  chrootforge  ${tC.toFixed(3)} s   artifact ${mib(bC)} MiB on disk   (runs: ${times.chrootforge.map((t) => t.toFixed(2)).join(' ')})`,
  );
  console.log(
    `  floor.sh     ${tF.toFixed(3)} s   artifact ${mib(bF)} MiB on disk   (runs: ${times.floor.map((t) => t.toFixed(2)).join(' ')})`,
  );
  const tr = tC / tF;
  const br = bC / bF;
  console.log(`  time ratio   ${tr.toFixed(3)}x  (target <= 1.2x: ${tr <= 1.2 ? 'met' : 'NOT met'})`);
  console.log(`  block ratio  ${br.toFixed(3)}x  (target <= 1.1x: ${br <= 1.1 ? 'met' : 'NOT met'})`);
  // The same comparison with the checksum left out of both sides: coreutils'
  // sha256sum (the floor's) is several times slower than OpenSSL's here.
  /** @param {Contender} name */
  const without = (name) => median(times[name].map((t, i) => t - (checksum[name][i] ?? 0)));
  const xC = without('chrootforge');
  const xF = without('floor');
  console.log(
    `  without the checksum on either side: chrootforge ${xC.toFixed(3)} s, floor.sh ${xF.toFixed(3)} s, ratio ${(xC / xF).toFixed(3)}x; checksum medians ${median(checksum.chrootforge).toFixed(3)} s vs ${median(checksum.floor).toFixed(3)} s`,
  );
  // Where chrootforge's time goes: its steps (median of each) and what lies
  // outside them (node start-up, template analysis, UI).
  const stepNames = Object.keys(steps[0] ?? {}).filter((n) => n !== 'total');
  /** @param {string} n */
  const medStep = (n) => median(steps.map((s) => s[n] ?? 0));
  const outside = median(steps.map((s, i) => (times.chrootforge[i] ?? 0) - (s.total ?? 0)));
  const top = stepNames
    .map((n) => /** @type {[string, number]} */ ([n, medStep(n)]))
    .filter(([, t]) => t >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `  chrootforge breakdown (medians): outside the steps ${outside.toFixed(3)} s; ${top.map(([n, t]) => `${n} ${t.toFixed(2)}`).join(', ')}`,
  );
  console.log(
    `  load average during the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs (figures are noisy when others are busy)`,
  );
  benchParallel({ cli: join(repo, 'dist/cli/main.js'), tpl, runs });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Parses the build's "Step timings" table: `    chroot.X: name   0.12s  cleanup 0.00s`.
 * @param {string} output
 * @returns {StepTable}
 */
function stepTable(output) {
  /** @type {StepTable} */
  const table = {};
  for (const [, name, seconds] of output.matchAll(/^\s+chroot\.\S+: ([a-z-]+)\s+([0-9.]+)s/gm)) {
    if (name) table[name] = Number(seconds);
  }
  return table;
}
