// bench/build, the parallel half: the example built from two sources at
// once (chrootforge's default, as Packer's) against the same two builds one
// after another (-parallel-builds=1), alternating, N runs each, in the same
// run. `sync` (untimed) before each timed side: a timing that follows a
// large write would otherwise pay for the previous run's writeback.
// Prints the medians and the speed-up. Figures, not a test.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `two-sources.pkr.hcl` next to the example's copy in `tpl`: the
 * busybox source twice (busybox and busybox2), each with its own artifact,
 * both in the example's build (its provisioners and post-processors).
 * @param {string} tpl the directory holding the example's copy
 * @returns {string} the new template's path
 */
export function twoSourceTemplate(tpl) {
  const text = readFileSync(join(tpl, 'busybox.pkr.hcl'), 'utf8');
  const block = /source "chroot" "busybox" \{[\s\S]*?\n\}\n/.exec(text)?.[0];
  if (!block) throw new Error('bench/build/parallel: no source "chroot" "busybox" block in the example');
  const second = block
    .replace('"busybox" {', '"busybox2" {')
    .replace('${local.output_dir}/busybox.img', '${local.output_dir}/busybox2.img');
  if (second === block) throw new Error('bench/build/parallel: the example changed shape (output_image)');
  const file = join(tpl, 'two-sources.pkr.hcl');
  writeFileSync(
    file,
    text
      .replace(block, `${block}\n${second}`)
      .replace('sources = ["source.chroot.busybox"]', 'sources = ["source.chroot.busybox", "source.chroot.busybox2"]'),
  );
  return file;
}

/** @typedef {'parallel' | 'serial'} Side */

/**
 * Runs the comparison; `cli` is dist/cli/main.js. Returns the medians.
 * @param {{ cli: string, tpl: string, runs: number }} options
 * @returns {{ parallel: number, serial: number }}
 */
export function benchParallel({ cli, tpl, runs }) {
  const template = twoSourceTemplate(tpl);
  /** @param {string[]} extra */
  const build = (extra) => () =>
    execFileSync(process.execPath, [cli, 'build', ...extra, template], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const sides = { parallel: build([]), serial: build(['-parallel-builds=1']) };
  const reset = () => rmSync(join(tpl, 'output'), { recursive: true, force: true });
  /** @type {Record<Side, number[]>} */
  const times = { parallel: [], serial: [] };
  // One warm-up each (page cache, node's compile cache), not counted.
  for (const run of Object.values(sides)) {
    run();
    reset();
  }
  for (let i = 0; i < runs; i++) {
    /** @type {Side[]} */
    const order = i % 2 === 0 ? ['parallel', 'serial'] : ['serial', 'parallel'];
    for (const name of order) {
      reset();
      execFileSync('sync');
      const t0 = process.hrtime.bigint();
      sides[name]();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  reset();
  /** @param {number[]} xs */
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const p = median(times.parallel);
  const s = median(times.serial);
  /** @param {number[]} xs */
  const show = (xs) => xs.map((t) => t.toFixed(2)).join(' ');
  console.log(
    `bench/build parallel: the example's source twice, ${runs} runs each, alternating, sync before each; medians`,
  );
  console.log(`  at once (default)                       ${p.toFixed(3)} s   (runs: ${show(times.parallel)})`);
  console.log(`  one after another (-parallel-builds=1)  ${s.toFixed(3)} s   (runs: ${show(times.serial)})`);
  console.log(`  speed-up  ${(s / p).toFixed(2)}x  (2x = the two builds overlap entirely)`);
  return { parallel: p, serial: s };
}
