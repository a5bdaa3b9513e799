#!/usr/bin/env node
// bench/build/io.mjs: the build overhead on real I/O. A 1 GiB sparse image
// with one partition; a provisioner writing 384 MiB from /dev/urandom and
// 1,000 small files, then sync (io-provision.sh). chrootforge builds
// io.pkr.hcl; io-floor.sh does the same by hand (cp --sparse=always,
// losetup -P, mounts, chroot sh -c, unmounts, losetup -d, mv).
// Alternating, N runs each. Before each timed side: sync and drop caches
// (untimed), so neither pays the other's writeback. Prints medians, artifact
// blocks, ratios against the targets (time <= 1.2x, blocks <= 1.1x) and
// chrootforge's step breakdown. Figures, not a test.
//
// Usage (as root, after `npm run build`): node bench/build/io.mjs [--runs N]
// Put the work directory on a real disk: BENCH_BUILD_DIR (default /var/tmp).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const tmp = mkdtempSync(join(process.env.BENCH_BUILD_DIR ?? '/var/tmp', 'cf-bench-io-'));
const base = join(tmp, 'base.img');
/** @typedef {'chrootforge' | 'floor'} Contender */
/** @typedef {Record<string, number>} StepTable step name -> seconds ("total" = all steps) */

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** No dirty pages and no cached pages of the other side's files. */
function quiesce() {
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
}

try {
  execFileSync('bash', [join(here, 'make-io-base.sh'), base], { stdio: 'inherit' });
  /** @type {Record<Contender, { artifact: string, run: () => string }>} */
  const contenders = {
    chrootforge: {
      artifact: join(tmp, 'cf.img'),
      run() {
        return execFileSync(
          process.execPath,
          [
            join(repo, 'dist/cli/main.js'),
            'build',
            '-var',
            `base_image=${base}`,
            '-var',
            `output_image=${this.artifact}`,
            join(here, 'io.pkr.hcl'),
          ],
          { encoding: 'utf8', env: { ...process.env, CHROOTFORGE_WORK_DIR: tmp } },
        );
      },
    },
    floor: {
      artifact: join(tmp, 'floor.img'),
      run() {
        return execFileSync('bash', [join(here, 'io-floor.sh'), base, this.artifact], { encoding: 'utf8' });
      },
    },
  };
  /** @type {Record<Contender, number[]>} */
  const times = { chrootforge: [], floor: [] };
  /** @type {Record<Contender, number[]>} */
  const blocks = { chrootforge: [], floor: [] };
  /** @type {StepTable[]} */
  const steps = [];
  for (let i = 0; i < runs; i++) {
    /** @type {Contender[]} */
    const order = i % 2 === 0 ? ['chrootforge', 'floor'] : ['floor', 'chrootforge'];
    for (const name of order) {
      const c = contenders[name];
      rmSync(c.artifact, { force: true });
      quiesce();
      const t0 = process.hrtime.bigint();
      const output = c.run();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
      blocks[name].push(statSync(c.artifact).blocks * 512);
      if (name === 'chrootforge') steps.push(stepTable(output));
    }
  }
  const tC = median(times.chrootforge);
  const tF = median(times.floor);
  const bC = median(blocks.chrootforge);
  const bF = median(blocks.floor);
  /** @param {number} b */
  const mib = (b) => (b / 1048576).toFixed(1);
  /** @param {number[]} xs */
  const list = (xs) => xs.map((t) => t.toFixed(2)).join(' ');
  console.log(
    `bench/build/io: 1 GiB image, 384 MiB + 1,000 files written in the chroot; ${runs} runs each, alternating, caches dropped before each; medians`,
  );
  console.log(
    `  chrootforge  ${tC.toFixed(3)} s   artifact ${mib(bC)} MiB on disk   (runs: ${list(times.chrootforge)})`,
  );
  console.log(`  floor        ${tF.toFixed(3)} s   artifact ${mib(bF)} MiB on disk   (runs: ${list(times.floor)})`);
  const tr = tC / tF;
  const br = bC / bF;
  console.log(`  time ratio   ${tr.toFixed(3)}x  (target <= 1.2x: ${tr <= 1.2 ? 'met' : 'NOT met'})`);
  console.log(`  block ratio  ${br.toFixed(3)}x  (target <= 1.1x: ${br <= 1.1 ? 'met' : 'NOT met'})`);
  const names = Object.keys(steps[0] ?? {}).filter((n) => n !== 'total');
  const outside = median(steps.map((s, i) => (times.chrootforge[i] ?? 0) - (s.total ?? 0)));
  const top = names
    .map((n) => /** @type {[string, number]} */ ([n, median(steps.map((s) => s[n] ?? 0))]))
    .filter(([, t]) => t >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `  chrootforge breakdown (medians): outside the steps ${outside.toFixed(3)} s; ${top.map(([n, t]) => `${n} ${t.toFixed(2)}`).join(', ')}`,
  );
  console.log(
    `  load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs (figures are noisy when others are busy)`,
  );
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
  for (const m of output.matchAll(/^\s+chroot\.\S+: ([a-z-]+)\s+([0-9.]+)s/gm)) table[m[1] ?? ''] = Number(m[2]);
  return table;
}
