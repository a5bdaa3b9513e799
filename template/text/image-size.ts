/** Sizes as the runner accepts them: bytes, or a number with K/M/G/T (powers of 1024). */

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?\s*$/i;
const UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Bytes for "2G", "512M", "1.5GiB", 1073741824; undefined when malformed. */
export function parseImageSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = SIZE.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toUpperCase().charAt(0);
  const bytes = Math.round(Number(match[1]) * UNITS[unit === 'B' ? 'B' : unit]!);
  return bytes > 0 ? bytes : undefined;
}
