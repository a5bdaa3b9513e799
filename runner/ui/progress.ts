/**
 * Progress of long work (download, decompression, image copy, artifact
 * write, compression): what the work reports (bytes done of a total), and
 * how rate and ETA follow from it. Two presentations use it: a bar redrawn
 * in place on a terminal (runner/ui/terminal.ts) and plain periodic lines
 * elsewhere (CI logs, -machine-readable; {@link periodicProgress}).
 */

/** What a piece of work tells as it proceeds. */
export interface Progress {
  /** Bytes done so far. */
  update(done: number): void;
  /** The work finished: one closing line. */
  done(): void;
  /** The work stopped without finishing (failure, abort): no closing line. Idempotent, and a no-op after done(). */
  stop(): void;
}

/** Starts reporting one piece of work; `total` in bytes when known. */
export type StartProgress = (task: string, total?: number) => Progress;

/** Reports nothing (library callers that pass no progress). */
export const noProgress: StartProgress = () => ({ update() {}, done() {}, stop() {} });

/**
 * Runs `work` with a progress started by `start`: done when it resolves,
 * stopped when it throws.
 */
export async function withProgress<T>(
  start: StartProgress | undefined,
  task: string,
  total: number | undefined,
  work: (progress: Progress) => Promise<T>,
): Promise<T> {
  const progress = (start ?? noProgress)(task, total);
  try {
    const result = await work(progress);
    progress.done();
    return result;
  } finally {
    progress.stop();
  }
}

/** How far back the rate looks: long enough to smooth bursts, short enough to follow a change. */
const RATE_WINDOW_MS = 5000;

/** Bytes done over time: fraction, rate and ETA of one piece of work. */
export class ProgressMeter {
  readonly startedAt: number;
  private bytes = 0;
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    readonly task: string,
    readonly total: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.samples.push({ at: this.startedAt, bytes: 0 });
  }

  /** Records `done` bytes (never goes back). */
  update(done: number): void {
    if (done > this.bytes) this.bytes = done;
  }

  get done(): number {
    return this.bytes;
  }

  /** 0..1 when the total is known. */
  get fraction(): number | undefined {
    if (!this.total) return undefined;
    return Math.min(this.bytes / this.total, 1);
  }

  /** Seconds since the start. */
  elapsed(at = this.now()): number {
    return (at - this.startedAt) / 1000;
  }

  /** Bytes per second over the last few seconds (the whole run while it is shorter). */
  rate(at = this.now()): number {
    this.samples.push({ at, bytes: this.bytes });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? (this.bytes - first.bytes) / seconds : 0;
  }

  /** Seconds left at the current rate; undefined without a total or a rate. */
  eta(at = this.now()): number | undefined {
    const rate = this.rate(at);
    if (!this.total || rate <= 0) return undefined;
    return Math.max(this.total - this.bytes, 0) / rate;
  }
}

/** `512 B`, `1.5 KiB`, `20.0 MiB`, `1.23 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit >= 2 ? 2 : 1)} ${units[unit]}`;
}

/** `7s`, `1m05s`, `2h03m`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `45% (920.0 MiB of 2.00 GiB), 120.5 MiB/s, ETA 7s`; without a total: `920.0 MiB, 120.5 MiB/s`. */
export function describeProgress(meter: ProgressMeter, at?: number): string {
  const rate = `${formatBytes(meter.rate(at))}/s`;
  const fraction = meter.fraction;
  if (fraction === undefined || meter.total === undefined) return `${formatBytes(meter.done)}, ${rate}`;
  const eta = meter.eta(at);
  return `${Math.floor(fraction * 100)}% (${formatBytes(meter.done)} of ${formatBytes(meter.total)}), ${rate}${
    eta === undefined ? '' : `, ETA ${formatSeconds(eta)}`
  }`;
}

/** The closing words: `2.00 GiB in 17s (120.5 MiB/s)`. */
export function describeFinished(meter: ProgressMeter, at?: number): string {
  const seconds = meter.elapsed(at);
  const bytes = Math.max(meter.done, meter.total ?? 0);
  const average = seconds > 0 ? ` (${formatBytes(bytes / seconds)}/s)` : '';
  return `${formatBytes(bytes)} in ${seconds < 10 ? `${seconds.toFixed(1)}s` : formatSeconds(seconds)}${average}`;
}

/** When plain progress lines are written. */
export interface PeriodicOptions {
  /** A line at least this often while the work runs (default 10 s). */
  intervalMs?: number;
  /** And at each tenth of the total reached, but never closer together than this (default 1 s). */
  minGapMs?: number;
  now?: () => number;
  /** Check on a timer (default); tests call `tick` themselves. */
  timer?: boolean;
}

/** A {@link Progress} whose lines a test can drive. */
export interface PeriodicProgress extends Progress {
  /** Writes a line when one is due. */
  tick(): void;
}

/**
 * Plain lines for logs that are not a terminal: `TASK: 45% (…), RATE, ETA`
 * every `intervalMs` and at each tenth of the total (no closer than
 * `minGapMs`: quick work writes only its closing line), and
 * `TASK: done, SIZE in TIME (RATE)` at the end.
 */
export function periodicProgress(
  task: string,
  total: number | undefined,
  emit: (line: string) => void,
  options: PeriodicOptions = {},
): PeriodicProgress {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 10_000;
  const minGapMs = options.minGapMs ?? 1000;
  const meter = new ProgressMeter(task, total, now);
  let lastLine = meter.startedAt;
  let lastTenth = 0;
  let finished = false;
  const tenth = (): number => Math.floor((meter.fraction ?? 0) * 10);
  const tick = (): void => {
    if (finished) return;
    const at = now();
    const newTenth = tenth() > lastTenth;
    if (at - lastLine >= intervalMs || (newTenth && at - lastLine >= minGapMs)) {
      lastLine = at;
      lastTenth = tenth();
      emit(`${task}: ${describeProgress(meter, at)}`);
    }
  };
  // Checked more often than a line may come, so timer jitter does not skip one.
  const timer = options.timer === false ? undefined : setInterval(tick, Math.min(minGapMs, intervalMs) / 4);
  timer?.unref();
  const finish = (): void => {
    finished = true;
    if (timer) clearInterval(timer);
  };
  return {
    tick,
    update: (done) => meter.update(done),
    done() {
      if (finished) return;
      finish();
      emit(`${task}: done, ${describeFinished(meter)}`);
    },
    stop: finish,
  };
}
