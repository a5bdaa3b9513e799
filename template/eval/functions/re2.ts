/**
 * HCL's regex functions take RE2 syntax (Go's regexp). Most of it is
 * JavaScript syntax too; this translates the parts that differ: `(?P<n>…)`
 * named groups, leading flag groups `(?i)`, `\A` and `\z`, and POSIX
 * classes such as `[[:alpha:]]`.
 */
import { FunctionError } from '../function-model.js';

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Compiles an RE2 pattern; a FunctionError (for argument `argIndex`) when it is not valid. */
export function compileRe2(pattern: string, argIndex: number, global = false): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    source = source.slice(leading[0].length);
    for (const f of leading[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      const range = POSIX_CLASSES[name];
      if (range === undefined) return whole;
      return negate ? `^${range}` : range;
    });
  for (const attempt of [`${flags}u`, flags]) {
    try {
      return new RegExp(source, attempt);
    } catch {
      // Unicode mode rejects some escapes RE2 allows (`\-`); retry without it.
    }
  }
  throw new FunctionError(`invalid regular expression pattern: ${pattern}`, argIndex);
}

/** Go's regexp replacement template (`$1`, `${1}`, `${name}`) as JavaScript's (`$1`, `$<name>`). */
export function re2Replacement(template: string): string {
  return template.replace(
    /\$(\$|\{(\w+)\}|(\d+)|([A-Za-z_]\w*))/g,
    (_whole, _all, braced?: string, digits?: string, name?: string) => {
      if (braced !== undefined) return /^\d+$/.test(braced) ? `$${braced}` : `$<${braced}>`;
      if (digits !== undefined) return `$${digits}`;
      if (name !== undefined) return `$<${name}>`;
      return '$$';
    },
  );
}
