/**
 * Durations in Packer's words (durafmt, first two units):
 * `2 minutes 5 seconds`, `1 second 234 milliseconds`.
 */

const UNITS: Array<[string, number]> = [
  ['hour', 3_600_000_000],
  ['minute', 60_000_000],
  ['second', 1_000_000],
  ['millisecond', 1000],
  ['microsecond', 1],
];

/** `ms` milliseconds in words: its first two non-zero units, as durafmt's LimitFirstN(2). */
export function packerDuration(ms: number): string {
  let micros = Math.max(0, Math.round(ms * 1000));
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const count = Math.floor(micros / size);
    micros -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 seconds';
}
