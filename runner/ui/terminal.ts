/**
 * The one writer of a build's human output. Every Ui writing to the same
 * stdout shares one Terminal, so lines of builds running at once never cut
 * into each other, and on a terminal the progress bars (one line per build
 * with work under way) stay below the log: a new line erases the bars,
 * is written, and the bars are drawn again under it. Off a terminal there
 * are no bars, only lines.
 */
import type { Writable } from 'node:stream';
import { colorize } from './colors.js';

/** A stream that may be a terminal (process.stdout, a tty.WriteStream). */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

/** One bar: its text at this moment in at most `width` characters, and its colour. */
export interface Bar {
  text(width: number): string;
  color?: number;
}

/** Redraws per second while bars are shown (rate and ETA move without new bytes too). */
const REDRAW_MS = 200;

const terminals = new WeakMap<Writable, Terminal>();

/** The Terminal that owns `out` (made on first use; shared by every Ui on it). */
export function terminalFor(out: OutputStream, err: Writable): Terminal {
  let terminal = terminals.get(out);
  if (!terminal) {
    terminal = new Terminal(out, err, out.isTTY === true);
    terminals.set(out, terminal);
  }
  return terminal;
}

export class Terminal {
  private readonly bars = new Map<string, Bar>();
  /** Bar lines on the screen now (the cursor is at the end of the last one). */
  private shown = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: OutputStream,
    private readonly err: Writable,
    /** Bars are drawn (out is a terminal). */
    readonly interactive: boolean,
  ) {
    ignoreWriteErrors(out);
    ignoreWriteErrors(err);
  }

  /** Writes one line (no newline in it) to stdout or stderr, above the bars. */
  line(text: string, stream: 'out' | 'err' = 'out'): void {
    if (!this.interactive || this.bars.size === 0) {
      (stream === 'err' ? this.err : this.out).write(`${text}\n`);
      return;
    }
    if (stream === 'err') {
      this.out.write(this.erase());
      this.err.write(`${text}\n`);
      this.out.write(this.draw());
    } else {
      this.out.write(`${this.erase()}${text}\n${this.draw()}`);
    }
  }

  /** Shows (or replaces) the bar under `key`, e.g. a build's name. */
  setBar(key: string, bar: Bar): void {
    if (!this.interactive) return;
    this.bars.set(key, bar);
    this.timer ??= setInterval(() => this.redraw(), REDRAW_MS).unref();
    this.redraw();
  }

  /** Removes the bar under `key`, if it is `bar` (a newer one of the same key stays). */
  removeBar(key: string, bar?: Bar): void {
    if (!this.bars.has(key) || (bar && this.bars.get(key) !== bar)) return;
    this.bars.delete(key);
    if (this.bars.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.redraw();
  }

  private redraw(): void {
    this.out.write(this.erase() + this.draw());
  }

  /** Moves to the start of the first bar line and clears to the end of the screen. */
  private erase(): string {
    if (this.shown === 0) return '';
    const up = this.shown > 1 ? `\x1b[${this.shown - 1}A` : '';
    this.shown = 0;
    return `\r${up}\x1b[J`;
  }

  /** The bars, each cut to the width (a wrapped line would break the erase). */
  private draw(): string {
    if (this.bars.size === 0) return '';
    const width = Math.max((this.out.columns || 80) - 1, 20);
    const lines = [...this.bars.values()].map((bar) => {
      const text = cut(bar.text(width), width);
      return bar.color ? colorize(text, bar.color, false) : text;
    });
    this.shown = lines.length;
    return lines.join('\n');
  }
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

const guarded = new WeakSet<Writable>();

/**
 * A closed reader (`chrootforge build | head`) must not crash the build
 * half-way (EPIPE is an 'error' event): output is dropped, the build and its
 * cleanup go on.
 */
export function ignoreWriteErrors(stream: Writable): Writable {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', () => undefined);
  }
  return stream;
}
