/**
 * Packer's colours: each build's output in its own colour (green, cyan,
 * magenta, yellow, blue, then again), step lines bold, errors bold red. By
 * default only on a terminal (Packer colours a pipe too; plain logs read
 * better without escape codes) and not with NO_COLOR, PACKER_NO_COLOR or
 * TERM=dumb; `-color=false` turns them off, `-color=true` on (a CI log
 * viewer that renders them).
 */

/** ANSI colour numbers in the order Packer hands them to builds. */
export const BUILD_COLORS = [32, 36, 35, 33, 34] as const;

/** Errors, whatever the build's colour. */
export const ERROR_COLOR = 31;

/** The colour of the `index`th build. */
export function buildColor(index: number): number {
  return BUILD_COLORS[index % BUILD_COLORS.length]!;
}

/** `text` in `color`, bold or not (Packer's `ESC[attr;colorm … ESC[0m`). */
export function colorize(text: string, color: number, bold: boolean): string {
  return `\x1b[${bold ? 1 : 0};${color}m${text}\x1b[0m`;
}

/** Whether output to `stream` gets colours. */
export function colorsWanted(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
  flag: boolean | undefined = undefined,
): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR || env.PACKER_NO_COLOR || env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
