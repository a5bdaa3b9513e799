/**
 * Sizes as go-humanize's ParseBytes reads them (v1.0.1, the version packer-builder-arm uses for `image_size`):
 * a number (digits, dots, and commas that are dropped) followed by an optional unit, SI (`k`, `MB`: powers of
 * 1000) or IEC (`Ki`, `MiB`: powers of 1024), any case, spaces allowed before the unit. Errors are worded as Go
 * words them, so a message can quote what Packer would say.
 */

const SI = 1000;
const IEC = 1024;
const UNIT_POWERS: Record<string, [base: number, power: number]> = {
  '': [SI, 0],
  b: [SI, 0],
  k: [SI, 1],
  kb: [SI, 1],
  ki: [IEC, 1],
  kib: [IEC, 1],
  m: [SI, 2],
  mb: [SI, 2],
  mi: [IEC, 2],
  mib: [IEC, 2],
  g: [SI, 3],
  gb: [SI, 3],
  gi: [IEC, 3],
  gib: [IEC, 3],
  t: [SI, 4],
  tb: [SI, 4],
  ti: [IEC, 4],
  tib: [IEC, 4],
  p: [SI, 5],
  pb: [SI, 5],
  pi: [IEC, 5],
  pib: [IEC, 5],
  e: [SI, 6],
  eb: [SI, 6],
  ei: [IEC, 6],
  eib: [IEC, 6],
};

/** 2^64 as a float64: what Go's `f >= math.MaxUint64` compares with. */
const MAX_UINT64_AS_FLOAT = 2 ** 64;

/** What Go's strconv.ParseFloat accepts from a run of digits and dots. */
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

export type ParsedBytes = { bytes: number } | { error: string };

/** The size in bytes (a float64 truncated like Go's uint64 conversion), or go-humanize's error text. */
export function parseHumanizeBytes(text: string): ParsedBytes {
  const prefix = /^[0-9.,]*/.exec(text)![0];
  const number = prefix.replace(/,/g, '');
  if (!DECIMAL.test(number)) return { error: `strconv.ParseFloat: parsing ${goQuote(number)}: invalid syntax` };
  const value = Number(number);
  if (!Number.isFinite(value)) return { error: `strconv.ParseFloat: parsing ${goQuote(number)}: value out of range` };
  const unit = text.slice(prefix.length).trim().toLowerCase();
  const scale = Object.hasOwn(UNIT_POWERS, unit) ? UNIT_POWERS[unit] : undefined;
  if (!scale) return { error: `unhandled size name: ${unit}` };
  const bytes = value * scale[0] ** scale[1];
  if (bytes >= MAX_UINT64_AS_FLOAT) return { error: `too large: ${text}` };
  return { bytes: Math.floor(bytes) };
}

/** Go's %q of a string of printable ASCII (all a digit-and-dot run can hold). */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
