/**
 * Go's time.Format with a layout written as the reference time
 * `Mon Jan 2 15:04:05 MST 2006` (what Packer's `{{isotime "…"}}` takes),
 * for times in UTC — Packer renders its build start time in UTC.
 */

const LONG_MONTHS = [
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
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One element of a layout: its length there and how it renders a time. */
interface Chunk {
  length: number;
  render: (t: Date) => string;
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);
const hour12 = (t: Date): number => (t.getUTCHours() % 12 === 0 ? 12 : t.getUTCHours() % 12);

function dayOfYear(t: Date): number {
  const start = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.floor((t.getTime() - start) / 86_400_000) + 1;
}

/** Layout words, longest first within each leading character (as Go matches them). */
const WORDS: Array<[string, (t: Date) => string]> = [
  ['January', (t) => LONG_MONTHS[t.getUTCMonth()]!],
  ['Jan', (t) => LONG_MONTHS[t.getUTCMonth()]!.slice(0, 3)],
  ['Monday', (t) => LONG_DAYS[t.getUTCDay()]!],
  ['Mon', (t) => LONG_DAYS[t.getUTCDay()]!.slice(0, 3)],
  ['MST', () => 'UTC'],
  ['2006', (t) => pad(t.getUTCFullYear(), 4)],
  ['002', (t) => pad(dayOfYear(t), 3)],
  // Go reads "_2006" as an underscore then the year, not as "_2" then "006".
  ['_2006', (t) => `_${pad(t.getUTCFullYear(), 4)}`],
  ['__2', (t) => pad(dayOfYear(t), 3, ' ')],
  ['_2', (t) => pad(t.getUTCDate(), 2, ' ')],
  ['01', (t) => pad(t.getUTCMonth() + 1, 2)],
  ['02', (t) => pad(t.getUTCDate(), 2)],
  ['03', (t) => pad(hour12(t), 2)],
  ['04', (t) => pad(t.getUTCMinutes(), 2)],
  ['05', (t) => pad(t.getUTCSeconds(), 2)],
  ['06', (t) => pad(t.getUTCFullYear() % 100, 2)],
  ['15', (t) => pad(t.getUTCHours(), 2)],
  ['1', (t) => String(t.getUTCMonth() + 1)],
  ['2', (t) => String(t.getUTCDate())],
  ['3', (t) => String(hour12(t))],
  ['4', (t) => String(t.getUTCMinutes())],
  ['5', (t) => String(t.getUTCSeconds())],
  ['PM', (t) => (t.getUTCHours() >= 12 ? 'PM' : 'AM')],
  ['pm', (t) => (t.getUTCHours() >= 12 ? 'pm' : 'am')],
  // Zones: UTC is "Z" in the ISO forms, zero offsets in the numeric ones.
  ['Z07:00:00', () => 'Z'],
  ['Z070000', () => 'Z'],
  ['Z07:00', () => 'Z'],
  ['Z0700', () => 'Z'],
  ['Z07', () => 'Z'],
  ['-07:00:00', () => '+00:00:00'],
  ['-070000', () => '+000000'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['-07', () => '+00'],
];

/** The layout element starting at `i`, if any. */
function chunkAt(layout: string, i: number): Chunk | undefined {
  const fraction = fractionAt(layout, i);
  if (fraction) return fraction;
  for (const [word, render] of WORDS) {
    if (!layout.startsWith(word, i)) continue;
    // Go reads "Jan"/"Mon" only when no lower-case letter follows ("Janet" is text).
    if ((word === 'Jan' || word === 'Mon') && /[a-z]/.test(layout[i + word.length] ?? '')) continue;
    return { length: word.length, render };
  }
  return undefined;
}

/** `.000` / `,999`: fractional seconds, zeros kept or trimmed. */
function fractionAt(layout: string, i: number): Chunk | undefined {
  const match = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
  if (!match) return undefined;
  const digits = match[1]!;
  return {
    length: match[0].length,
    render: (t) => {
      const millis = `${pad(t.getUTCMilliseconds(), 3)}000000`;
      const text = millis.slice(0, digits.length);
      if (digits[0] === '0') return layout[i]! + text;
      const trimmed = text.replace(/0+$/, '');
      return trimmed ? layout[i]! + trimmed : '';
    },
  };
}

/** Formats a time (in UTC) with a Go layout. */
export function formatGoTime(time: Date, layout: string): string {
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const chunk = chunkAt(layout, i);
    if (chunk) {
      out += chunk.render(time);
      i += chunk.length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}

/** Go's time.RFC3339 layout, isotime's default. */
export const RFC3339 = '2006-01-02T15:04:05Z07:00';
