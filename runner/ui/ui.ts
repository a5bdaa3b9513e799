/**
 * What the runner prints. Two renderings of the same events: Packer's human
 * lines (`==> chroot.NAME: Mounting the root device...`) and Packer's
 * machine-readable CSV (`timestamp,target,type,data...`).
 */
import type { Writable } from 'node:stream';

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
}

const guarded = new WeakSet<Writable>();

/**
 * A closed reader (`chrootforge build | head`) must not crash the build
 * half-way (EPIPE is an 'error' event): output is dropped, the build and its
 * cleanup go on.
 */
function ignoreWriteErrors(stream: Writable): Writable {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', () => undefined);
  }
  return stream;
}

/** Packer's human output for build `target` (e.g. `chroot.base`). */
export function humanUi(target: string, out: Writable = process.stdout, err: Writable = process.stderr): Ui {
  ignoreWriteErrors(out);
  ignoreWriteErrors(err);
  return {
    say: (text) => out.write(`==> ${target}: ${text}\n`),
    message: (text) => out.write(`    ${target}: ${text}\n`),
    error: (text) => err.write(`==> ${target}: ${text}\n`),
    event: () => undefined,
  };
}

/**
 * Packer's `-machine-readable` format: one event per line,
 * `timestamp,target,type,data...`; commas in data become `%!(PACKER_COMMA)`
 * and newlines `\n`, as Packer writes them.
 */
export function machineReadableUi(
  target: string,
  out: Writable = process.stdout,
  now: () => Date = () => new Date(),
): Ui {
  ignoreWriteErrors(out);
  const line = (type: string, data: string[]): void => {
    const stamp = Math.floor(now().getTime() / 1000);
    out.write(`${[String(stamp), target, type, ...data.map(escapeMachineField)].join(',')}\n`);
  };
  return {
    say: (text) => line('ui', ['say', `==> ${target}: ${text}`]),
    message: (text) => line('ui', ['message', `    ${target}: ${text}`]),
    error: (text) => line('ui', ['error', `==> ${target}: ${text}`]),
    event: (type, ...data) => line(type, data),
  };
}

/** Escapes one machine-readable field the way Packer does. */
export function escapeMachineField(value: string): string {
  return value.replace(/,/g, '%!(PACKER_COMMA)').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** A Ui that keeps every line (tests, library callers that render later). */
export function recordingUi(target = 'chroot.test'): Ui & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    say: (text) => lines.push(`==> ${target}: ${text}`),
    message: (text) => lines.push(`    ${target}: ${text}`),
    error: (text) => lines.push(`==> ${target}: ${text}`),
    event: (type, ...data) => lines.push(`[${type}] ${data.join(' ')}`),
  };
}
