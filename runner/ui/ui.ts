/**
 * What the runner prints. Two renderings of the same events: Packer's human
 * lines (`==> chroot.NAME: Mounting the root device...`) and Packer's
 * machine-readable CSV (`timestamp,target,type,data...`).
 */
import type { Writable } from 'node:stream';
import { ERROR_COLOR, colorize } from './colors.js';
import { barProgress } from './progress-bar.js';
import { periodicProgress, type Progress } from './progress.js';
import { ignoreWriteErrors, terminalFor, type OutputStream } from './terminal.js';

/** The runner's only output channel. */
export interface Ui {
  /** A step-level line: `==> chroot.NAME: text`. */
  say(text: string): void;
  /** Output of a command or a detail: `    chroot.NAME: text`. */
  message(text: string): void;
  /** An error line (stderr in human mode). */
  error(text: string): void;
  /** A structured event; human mode prints nothing for it. */
  event(type: string, ...data: string[]): void;
  /**
   * Long work (`total` bytes when known): a bar on a terminal, periodic
   * message lines elsewhere, a closing line when done.
   */
  progress(task: string, total?: number): Progress;
}

/** Options of {@link humanUi}. */
export interface HumanUiOptions {
  /** This build's ANSI colour (runner/ui/colors.ts); none = plain text. */
  color?: number;
}

/** Packer's TargetedUI: every line of `text` prefixed, `==>` for steps and errors, four spaces for details. */
function prefixed(target: string, arrow: boolean, text: string): string[] {
  return text.split('\n').map((line) => `${arrow ? '==>' : '   '} ${target}: ${line}`);
}

/**
 * Packer's human output for build `target` (e.g. `chroot.base`). Every Ui
 * on the same `out` writes through one Terminal (runner/ui/terminal.ts).
 */
export function humanUi(
  target: string,
  out: Writable = process.stdout,
  err: Writable = process.stderr,
  options: HumanUiOptions = {},
): Ui {
  const terminal = terminalFor(out as OutputStream, err);
  const { color } = options;
  const paint = (line: string, bold: boolean, c = color): string => (c ? colorize(line, c, bold) : line);
  const message = (text: string): void => {
    for (const line of prefixed(target, false, text)) terminal.line(paint(line, false));
  };
  return {
    say: (text) => {
      for (const line of prefixed(target, true, text)) terminal.line(paint(line, true));
    },
    message,
    error: (text) => {
      for (const line of prefixed(target, true, text)) terminal.line(paint(line, true, color && ERROR_COLOR), 'err');
    },
    event: () => undefined,
    progress: (task, total) =>
      terminal.interactive
        ? barProgress(terminal, target, `    ${target}: `, task, total, { color, closing: message })
        : periodicProgress(task, total, message),
  };
}

/**
 * Packer's `-machine-readable` format: one line per event,
 * `timestamp,target,type,data...`. As in Packer, UI lines carry no target
 * (`1700000000,,ui,say,==> chroot.a: Mounting...`, details as `ui,message`,
 * progress as periodic `ui,message` lines); other events name their build.
 */
export function machineReadableUi(
  target: string,
  out: Writable = process.stdout,
  now: () => Date = () => new Date(),
): Ui {
  const write = machineWriter(out, now);
  const message = (text: string): void => write('', 'ui', ['message', prefixed(target, false, text).join('\n')]);
  return {
    say: (text) => write('', 'ui', ['say', prefixed(target, true, text).join('\n')]),
    message,
    error: (text) => write('', 'ui', ['error', prefixed(target, true, text).join('\n')]),
    event: (type, ...data) => write(target, type, data),
    progress: (task, total) => periodicProgress(task, total, message),
  };
}

/** Writes one machine-readable line: `timestamp,target,type,data…`. */
export type MachineWriter = (target: string, type: string, data: string[]) => void;

/** A {@link MachineWriter} on `out`. */
export function machineWriter(out: Writable = process.stdout, now: () => Date = () => new Date()): MachineWriter {
  ignoreWriteErrors(out);
  return (target, type, data) => {
    const stamp = Math.floor(now().getTime() / 1000);
    out.write(`${[String(stamp), target, type, ...data.map(escapeMachineField)].join(',')}\n`);
  };
}

/**
 * Escapes one machine-readable field the way Packer does: commas become
 * `%!(PACKER_COMMA)`, carriage returns and newlines `\r` and `\n`.
 */
export function escapeMachineField(value: string): string {
  return value.replace(/,/g, '%!(PACKER_COMMA)').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** A Ui that keeps every line (tests, library callers that render later). */
export function recordingUi(target = 'chroot.test'): Ui & { lines: string[] } {
  const lines: string[] = [];
  const message = (text: string): void => {
    lines.push(...prefixed(target, false, text));
  };
  return {
    lines,
    say: (text) => lines.push(...prefixed(target, true, text)),
    message,
    error: (text) => lines.push(...prefixed(target, true, text)),
    event: (type, ...data) => lines.push(`[${type}] ${data.join(' ')}`),
    progress: (task, total) => periodicProgress(task, total, message, { timer: false }),
  };
}
