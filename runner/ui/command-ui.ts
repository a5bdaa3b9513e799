/**
 * The output of `build` as a whole (Packer's command-level Ui): the lines
 * that belong to no single build (`Build 'chroot.a' finished after …`, the
 * closing summary) and the Ui each build writes through. Human and
 * machine-readable, like the per-build Ui.
 */
import type { Writable } from 'node:stream';
import { buildColor, colorize, ERROR_COLOR } from './colors.js';
import { terminalFor, type OutputStream } from './terminal.js';
import { humanUi, machineReadableUi, machineWriter, type Ui } from './ui.js';

export interface CommandUi {
  /** Colours are on (Packer then says which colour is whose). */
  readonly colored: boolean;
  /** A line of the command; in the colour of build number `build` when given. */
  say(text: string, build?: number): void;
  /** An error line of the command (stderr); red for a build's own error. */
  error(text: string, build?: number): void;
  /** A machine-readable event `target,type,data…` (human output: nothing). */
  machine(target: string, type: string, ...data: string[]): void;
  /** The Ui of build number `index` named `target` (`chroot.a`). */
  forBuild(target: string, index: number): Ui;
}

/** Options of {@link humanCommandUi}. */
export interface HumanCommandUiOptions {
  out?: Writable;
  err?: Writable;
  /** Each build in its own colour (runner/ui/colors.ts `colorsWanted` decides). */
  color?: boolean;
}

/** Packer's human output. */
export function humanCommandUi(options: HumanCommandUiOptions = {}): CommandUi {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const terminal = terminalFor(out as OutputStream, err);
  const colored = options.color === true;
  const lines = (text: string): string[] => text.split('\n');
  return {
    colored,
    say(text, build) {
      for (const line of lines(text))
        terminal.line(colored && build !== undefined && line ? colorize(line, buildColor(build), true) : line);
    },
    error(text, build) {
      for (const line of lines(text))
        terminal.line(colored && build !== undefined && line ? colorize(line, ERROR_COLOR, true) : line, 'err');
    },
    machine: () => undefined,
    forBuild: (target, index) => humanUi(target, out, err, { color: colored ? buildColor(index) : undefined }),
  };
}

/** Packer's `-machine-readable` output: command lines are `ui` events without a target. */
export function machineCommandUi(out: Writable = process.stdout, now: () => Date = () => new Date()): CommandUi {
  const write = machineWriter(out, now);
  return {
    colored: false,
    say: (text) => write('', 'ui', ['say', text]),
    error: (text) => write('', 'ui', ['error', text]),
    machine: (target, type, ...data) => write(target, type, data),
    forBuild: (target) => machineReadableUi(target, out, now),
  };
}
