/**
 * Date and time functions: timestamp formatdate timeadd. Timestamps are
 * RFC 3339 strings; a timestamp's own UTC offset is kept, as Go keeps it.
 */
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';

/** A parsed RFC 3339 timestamp: the instant and the offset it was written in. */
interface Timestamp {
  /** Milliseconds since the epoch (UTC). */
  epochMs: number;
  /** Minutes east of UTC; 0 for `Z`. */
  offsetMinutes: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp; a FunctionError for argument `argIndex` otherwise. */
export function parseTimestamp(text: string, argIndex: number): Timestamp {
  const m = RFC3339.exec(text);
  if (!m) throw new FunctionError(`not a valid RFC3339 timestamp: "${text}"`, argIndex);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new FunctionError(`not a valid RFC3339 timestamp: "${text}" (a field is out of range)`, argIndex);
  }
  const offsetMinutes = /^[Zz]$/.test(zone!)
    ? 0
    : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, frac ? Math.floor(Number(frac) * 1000) : 0);
  return { epochMs: local - offsetMinutes * 60_000, offsetMinutes };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** `+02:00` (or `+0200` without the colon); `Z` when `zulu` and the offset is zero. */
function formatOffset(minutes: number, colon: boolean, zulu: boolean): string {
  if (minutes === 0 && zulu) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** RFC 3339 in the timestamp's own offset, whole seconds (Go's time.RFC3339 layout). */
export function formatRfc3339(ts: Timestamp): string {
  const local = new Date(ts.epochMs + ts.offsetMinutes * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${formatOffset(ts.offsetMinutes, true, true)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The text of one formatdate verb (a run of one letter), or undefined when the verb is unknown. */
function verbText(verb: string, local: Date, offsetMinutes: number): string | undefined {
  const hour = local.getUTCHours();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const table: Record<string, () => string> = {
    YYYY: () => pad(local.getUTCFullYear(), 4),
    YY: () => pad(local.getUTCFullYear() % 100),
    MMMM: () => MONTHS[local.getUTCMonth()]!,
    MMM: () => MONTHS[local.getUTCMonth()]!.slice(0, 3),
    MM: () => pad(local.getUTCMonth() + 1),
    M: () => String(local.getUTCMonth() + 1),
    DD: () => pad(local.getUTCDate()),
    D: () => String(local.getUTCDate()),
    EEEE: () => DAYS[local.getUTCDay()]!,
    EEE: () => DAYS[local.getUTCDay()]!.slice(0, 3),
    hh: () => pad(hour),
    h: () => String(hour),
    HH: () => pad(hour12),
    H: () => String(hour12),
    AA: () => (hour < 12 ? 'AM' : 'PM'),
    aa: () => (hour < 12 ? 'am' : 'pm'),
    mm: () => pad(local.getUTCMinutes()),
    m: () => String(local.getUTCMinutes()),
    ss: () => pad(local.getUTCSeconds()),
    s: () => String(local.getUTCSeconds()),
    ZZZZZ: () => formatOffset(offsetMinutes, true, false),
    ZZZZ: () => formatOffset(offsetMinutes, false, false),
    ZZZ: () => (offsetMinutes === 0 ? 'UTC' : formatOffset(offsetMinutes, false, false)),
    Z: () => formatOffset(offsetMinutes, true, true),
  };
  return table[verb]?.();
}

/** formatdate: letter runs are verbs, `'…'` is literal text (`''` a quote), anything else is copied. */
function formatDate(spec: string, ts: Timestamp): string {
  const local = new Date(ts.epochMs + ts.offsetMinutes * 60_000);
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const ch = spec[i]!;
    if (ch === "'") {
      const [text, next] = quoted(spec, i);
      out += text;
      i = next;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (spec[j] === ch) j++;
      const text = verbText(spec.slice(i, j), local, ts.offsetMinutes);
      if (text === undefined)
        throw new FunctionError(
          `invalid date format verb "${spec.slice(i, j)}": use quotes ('…') around literal text`,
          0,
        );
      out += text;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** A quoted literal starting at `start`; returns the text and the index after it. */
function quoted(spec: string, start: number): [string, number] {
  if (spec[start + 1] === "'") return ["'", start + 2];
  let text = '';
  let i = start + 1;
  while (i < spec.length) {
    if (spec[i] === "'") {
      if (spec[i + 1] === "'") {
        text += "'";
        i += 2;
        continue;
      }
      return [text, i + 1];
    }
    text += spec[i];
    i++;
  }
  throw new FunctionError("unterminated literal: a quote (') is not closed", 0);
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration (`1h30m`, `-1.5h`, `10s`), in milliseconds. */
export function parseDuration(text: string, argIndex: number): number {
  const bad = (): FunctionError => new FunctionError(`time: invalid duration "${text}"`, argIndex);
  const m = /^([-+]?)(.*)$/.exec(text)!;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2]!;
  if (body === '0') return 0;
  if (body === '') throw bad();
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  while (i < body.length) {
    part.lastIndex = i;
    const p = part.exec(body);
    if (!p) throw bad();
    total += Number(p[1]) * DURATION_UNITS[p[2]!]!;
    i = part.lastIndex;
  }
  return sign * total;
}

/** The date and time functions of the library. */
export const datetimeFunctions: HclFunction[] = [
  fn(
    'timestamp',
    'The current date and time in UTC, as an RFC 3339 string.',
    [],
    T.string,
    (_args, env) => formatRfc3339({ epochMs: Math.floor(env.now.getTime() / 1000) * 1000, offsetMinutes: 0 }),
    { impure: true },
  ),
  fn(
    'formatdate',
    "Formats an RFC 3339 timestamp: `YYYY MM DD hh mm ss`, `EEE`, `MMM`, `ZZZ`, `'literal'`…",
    [param('format', T.string), param('time', T.string)],
    T.string,
    ([spec, time]) => formatDate(spec as string, parseTimestamp(time as string, 1)),
  ),
  fn(
    'timeadd',
    'Adds a duration (`1h30m`, `-10s`) to an RFC 3339 timestamp.',
    [param('timestamp', T.string), param('duration', T.string)],
    T.string,
    ([time, duration]) => {
      const ts = parseTimestamp(time as string, 0);
      return formatRfc3339({ ...ts, epochMs: ts.epochMs + parseDuration(duration as string, 1) });
    },
  ),
];
