/**
 * Progress on a terminal: one line per build, redrawn in place by the
 * Terminal under the log, `    chroot.NAME: TASK [=====>    ]  45% 920.0 MiB/2.00 GiB
 * 120.5 MiB/s ETA 7s`; when the work is done the bar goes and one closing
 * line stays in the log.
 */
import { describeFinished, formatBytes, formatSeconds, ProgressMeter, type Progress } from './progress.js';
import type { Terminal } from './terminal.js';

/** The bar's own width, within what the terminal leaves beside the words. */
const BAR_MIN = 10;
const BAR_MAX = 30;

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
  const label = `${prefix}${task} `;
  const bar = { text: (width: number) => label + barText(meter, width - label.length), color: options.color };
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

/**
 * `[=====>      ]  45% 920.0 MiB/2.00 GiB 120.5 MiB/s ETA 7s` in `width`
 * characters (the bar shrinks, and goes when there is no room for it), or
 * `920.0 MiB 120.5 MiB/s` without a total.
 */
export function barText(meter: ProgressMeter, width = 80, at?: number): string {
  const rate = `${formatBytes(meter.rate(at))}/s`;
  const fraction = meter.fraction;
  if (fraction === undefined || meter.total === undefined) return `${formatBytes(meter.done)} ${rate}`;
  const eta = meter.eta(at);
  const stats = `${String(Math.floor(fraction * 100)).padStart(3)}% ${formatBytes(meter.done)}/${formatBytes(
    meter.total,
  )} ${rate}${eta === undefined ? '' : ` ETA ${formatSeconds(eta)}`}`;
  // Sized on the widest the figures get for this total, not on their text
  // now: the bar neither changes width nor comes and goes as the rate and
  // ETA change length.
  const room = Math.min(width - widestStats(meter.total) - 3, BAR_MAX);
  if (room < BAR_MIN) return stats.trimStart();
  const filled = Math.floor(fraction * room);
  const head = filled < room ? '>' : '';
  return `[${`${'='.repeat(filled)}${head}`.padEnd(room, ' ')}] ${stats}`;
}

/** The widest `NNN% DONE/TOTAL RATE ETA` usually gets for `total` (a rate up to `999.9 MiB/s`, an ETA up to `59m59s`). */
function widestStats(total: number): number {
  const totalText = formatBytes(total);
  return ` 100% ${totalText}/${totalText} 999.9 MiB/s ETA 59m59s`.length;
}
