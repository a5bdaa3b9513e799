/**
 * Progress on a terminal: one line per build, redrawn in place by the
 * Terminal under the log, `    chroot.NAME: TASK [=====>    ]  45% 920.0 MiB/2.00 GiB
 * 120.5 MiB/s ETA 7s`; when the work is done the bar goes and one closing
 * line stays in the log.
 */
import { describeFinished, formatBytes, formatSeconds, ProgressMeter, type Progress } from './progress.js';
import type { Terminal } from './terminal.js';

const BAR_WIDTH = 24;

/** A bar for `task` of the build `key` (a later bar of the same build replaces it). */
export function barProgress(
  terminal: Terminal,
  key: string,
  prefix: string,
  task: string,
  total: number | undefined,
  options: { color?: number; closing: (line: string) => void },
): Progress {
  const meter = new ProgressMeter(task, total);
  const bar = { text: () => `${prefix}${task} ${barText(meter)}`, color: options.color };
  terminal.setBar(key, bar);
  let finished = false;
  return {
    update: (done) => meter.update(done),
    done() {
      if (finished) return;
      finished = true;
      terminal.removeBar(key, bar);
      options.closing(`${task}: done, ${describeFinished(meter)}`);
    },
    stop() {
      if (finished) return;
      finished = true;
      terminal.removeBar(key, bar);
    },
  };
}

/** `[=====>      ]  45% 920.0 MiB/2.00 GiB 120.5 MiB/s ETA 7s`, or `920.0 MiB 120.5 MiB/s` without a total. */
export function barText(meter: ProgressMeter, at?: number): string {
  const rate = `${formatBytes(meter.rate(at))}/s`;
  const fraction = meter.fraction;
  if (fraction === undefined || meter.total === undefined) return `${formatBytes(meter.done)} ${rate}`;
  const filled = Math.floor(fraction * BAR_WIDTH);
  const head = filled < BAR_WIDTH ? '>' : '';
  const body = `${'='.repeat(filled)}${head}`.padEnd(BAR_WIDTH, ' ');
  const eta = meter.eta(at);
  return `[${body}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${formatBytes(meter.done)}/${formatBytes(
    meter.total,
  )} ${rate}${eta === undefined ? '' : ` ETA ${formatSeconds(eta)}`}`;
}
