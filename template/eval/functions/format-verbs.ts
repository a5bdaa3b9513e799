/**
 * The `format` mini-language of HCL (cty's FormatFunc, after Go's fmt):
 * `%%`, `%v %#v %t %s %q %d %b %o %x %X %e %E %f %g %G`, flags `+ - # 0`
 * and space, width, `.precision`, and `%[n]` argument indexes.
 */
import type { Value } from '../../evaluation-model.js';
import { FunctionError } from '../function-model.js';
import { asBool, asNumber, asString } from '../value.js';
import { encodeJson } from './json-text.js';
import { goExponent, goGeneral } from '../number-text.js';

interface Verb {
  flags: string;
  width?: number;
  precision?: number;
  verb: string;
  /** Offset of the `%` in the format string, for messages. */
  offset: number;
}

/** Widths beyond this would build strings no template needs; refuse them rather than exhaust memory. */
const MAX_WIDTH = 10_000;
/** JavaScript formats at most 100 fraction digits. */
const MAX_PRECISION = 100;

function checkSize(value: number, what: string, offset: number, max = MAX_WIDTH): void {
  if (value > max) throw new FunctionError(`the ${what} at offset ${offset} is too large (at most ${max})`, 0);
}

const VERB = /%([-+# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?(.?)/y;

/**
 * Formats `args` by `format`. Errors name the offset in the format string;
 * `argBase` is the index of the first formatted argument in the call, so a
 * bad argument is marked exactly.
 */
export function formatString(format: string, args: Value[], argBase = 1): string {
  let out = '';
  let next = 0;
  let used = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    if (format[pct + 1] === '%') {
      out += '%';
      i = pct + 2;
      continue;
    }
    VERB.lastIndex = pct;
    const m = VERB.exec(format)!;
    const [whole, flags = '', index1, width, precision, index2, verbChar = ''] = m;
    if (verbChar === '') throw new FunctionError(`invalid format string starting at offset ${pct}: missing verb`, 0);
    const explicit = index2 ?? index1;
    const argIndex = explicit !== undefined ? Number(explicit) - 1 : next;
    if (argIndex < 0 || argIndex >= args.length) {
      throw new FunctionError(
        `not enough arguments for "%${verbChar}" at ${pct}: need index ${argIndex + 1} but have ${args.length} total`,
        0,
      );
    }
    checkSize(Number(width ?? 0), 'width', pct);
    checkSize(Number(precision || 0), 'precision', pct, MAX_PRECISION);
    const verb: Verb = {
      flags,
      ...(width !== undefined ? { width: Number(width) } : {}),
      ...(precision !== undefined ? { precision: precision === '' ? 0 : Number(precision) } : {}),
      verb: verbChar,
      offset: pct,
    };
    out += pad(formatOne(verb, args[argIndex]!, argIndex + argBase), verb);
    next = argIndex + 1;
    used = Math.max(used, next);
    i = pct + whole.length;
  }
  if (used < args.length) {
    throw new FunctionError(`too many arguments; only ${used} used by format string`, argBase + used);
  }
  return out;
}

function formatOne(verb: Verb, value: Value, argIndex: number): string {
  const bad = (what: string): FunctionError =>
    new FunctionError(`unsupported value for "%${verb.verb}" at ${verb.offset}: ${what}`, argIndex);
  switch (verb.verb) {
    case 'v':
      return verb.flags.includes('#') ? encodeJson(value) : defaultText(value);
    case 't': {
      const b = asBool(value);
      if (b === undefined) throw bad('bool required');
      return String(b);
    }
    case 's':
    case 'q': {
      const s = asString(value);
      if (s === undefined || value === null) throw bad('string required');
      const cut = verb.precision !== undefined ? [...s].slice(0, verb.precision).join('') : s;
      return verb.verb === 'q' ? JSON.stringify(cut) : cut;
    }
    default:
      return formatNumber(verb, value, bad);
  }
}

function formatNumber(verb: Verb, value: Value, bad: (what: string) => FunctionError): string {
  const n = value === null ? undefined : asNumber(value);
  if (n === undefined) throw bad('number required');
  const sign = n < 0 ? '-' : verb.flags.includes('+') ? '+' : verb.flags.includes(' ') ? ' ' : '';
  const abs = Math.abs(n);
  const integer = (radix: number): string => {
    if (!Number.isInteger(n)) throw bad('an integer is required');
    const digits = BigInt(abs).toString(radix);
    const prefix = verb.flags.includes('#')
      ? (({ 2: '0b', 8: '0', 16: '0x' } as Record<number, string>)[radix] ?? '')
      : '';
    return sign + prefix + digits;
  };
  switch (verb.verb) {
    case 'd':
      return integer(10);
    case 'b':
      return integer(2);
    case 'o':
      return integer(8);
    case 'x':
      return integer(16);
    case 'X':
      return integer(16).toUpperCase();
    case 'e':
    case 'E': {
      const text = goExponent(abs.toExponential(verb.precision ?? 6));
      return sign + (verb.verb === 'E' ? text.toUpperCase() : text);
    }
    case 'f':
    case 'F':
      return sign + abs.toFixed(verb.precision ?? 6);
    case 'g':
    case 'G': {
      const text = goGeneral(abs, verb.precision);
      return sign + (verb.verb === 'G' ? text.toUpperCase() : text);
    }
    default:
      throw new FunctionError(`unsupported format verb '${verb.verb}' in "%${verb.verb}" at offset ${verb.offset}`, 0);
  }
}

/** Width padding: spaces on the left, on the right with `-`, zeros (after the sign) with `0`. */
function pad(text: string, verb: Verb): string {
  const length = [...text].length;
  if (verb.width === undefined || length >= verb.width) return text;
  const fill = verb.width - length;
  if (verb.flags.includes('-')) return text + ' '.repeat(fill);
  const numeric = 'dboxXeEfFgG'.includes(verb.verb);
  if (verb.flags.includes('0') && numeric) {
    const signed = /^[+\- ]/.test(text);
    return signed ? text[0] + '0'.repeat(fill) + text.slice(1) : '0'.repeat(fill) + text;
  }
  return ' '.repeat(fill) + text;
}

/** `%v`: primitives as text, collections as JSON (as cty does). */
function defaultText(value: Value): string {
  if (value === null) return 'null';
  return asString(value) ?? encodeJson(value);
}
