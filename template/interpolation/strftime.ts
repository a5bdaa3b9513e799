/**
 * Packer's `{{strftime "…"}}`: C strftime directives mapped onto Go time
 * layouts (as the go-strftime package Packer uses does). Directives it does
 * not know stay in the output as written — Packer 1.6.6 prints `%j` as `%j`.
 */
import { formatGoTime } from './go-time-layout.js';

/** strftime directive → Go layout element. */
const DIRECTIVES: Record<string, string> = {
  a: 'Mon',
  A: 'Monday',
  b: 'Jan',
  B: 'January',
  d: '02',
  H: '15',
  I: '03',
  m: '01',
  M: '04',
  S: '05',
  y: '06',
  Y: '2006',
  p: 'PM',
  Z: 'MST',
  z: '-0700',
  L: '.000',
};

/** Formats a time (in UTC) with strftime directives. */
export function formatStrftime(time: Date, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    const directive = format[i + 1];
    if (c !== '%' || directive === undefined) {
      out += c;
      continue;
    }
    i++;
    if (directive === '%') out += '%';
    else if (DIRECTIVES[directive] !== undefined) out += formatGoTime(time, DIRECTIVES[directive]!);
    else out += `%${directive}`;
  }
  return out;
}
