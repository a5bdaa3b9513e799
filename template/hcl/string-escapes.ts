/**
 * Decoding of the literal pieces of HCL templates. Quoted strings know the
 * backslash escapes `\n \r \t \" \\ \uNNNN \UNNNNNNNN`; heredocs know none.
 * Both turn `$${` and `%%{` into the literal text `${` and `%{`.
 */

/** A fault inside a literal, with offsets relative to its raw text. */
export interface EscapeProblem {
  start: number;
  end: number;
  message: string;
}

export interface DecodedLiteral {
  value: string;
  problems: EscapeProblem[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** What makes a quoted literal's value differ from its raw text. */
const NEEDS_DECODING = /\\|\$\$\{|%%\{/;

/**
 * Decodes the raw text of a literal piece of a quoted string. Text without
 * escapes is its own value (no copy); otherwise the value is built from
 * slices of the runs between escapes, not character by character (which
 * left a long chain of V8 cons-strings in every retained model).
 */
export function decodeQuotedLiteral(raw: string): DecodedLiteral {
  const problems: EscapeProblem[] = [];
  if (!NEEDS_DECODING.test(raw)) return { value: raw, problems };
  let value = '';
  let runStart = 0;
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const decoded = decodeEscape(raw, i);
      if ('problem' in decoded) problems.push(decoded.problem);
      value += raw.slice(runStart, i) + decoded.text;
      i = decoded.next;
      runStart = i;
    } else if (isDoubledMarker(raw, i)) {
      value += `${raw.slice(runStart, i)}${ch}{`;
      i += 3;
      runStart = i;
    } else {
      i++;
    }
  }
  value += raw.slice(runStart);
  return { value, problems };
}

/** Decodes the raw text of a literal piece of a heredoc (no backslash escapes). */
export function decodeHeredocLiteral(raw: string): string {
  return raw.replace(/([$%])\1\{/g, '$1{');
}

/** `$${` or `%%{` at i: the escaped form of a literal `${` / `%{`. */
function isDoubledMarker(raw: string, i: number): boolean {
  const ch = raw[i];
  return (ch === '$' || ch === '%') && raw[i + 1] === ch && raw[i + 2] === '{';
}

type EscapeResult = { text: string; next: number } | { text: string; next: number; problem: EscapeProblem };

function decodeEscape(raw: string, at: number): EscapeResult {
  const selector = raw[at + 1];
  if (selector === undefined) {
    return {
      text: '\\',
      next: at + 1,
      problem: {
        start: at,
        end: at + 1,
        message: 'Invalid escape sequence; Backslash must be followed by an escape sequence selector character.',
      },
    };
  }
  const simple = SIMPLE_ESCAPES[selector];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  if (selector === 'u' || selector === 'U') return decodeUnicodeEscape(raw, at, selector === 'u' ? 4 : 8);
  return {
    text: selector,
    next: at + 2,
    problem: {
      start: at,
      end: at + 2,
      message: `Invalid escape sequence; The symbol "${selector}" is not a valid escape sequence selector.`,
    },
  };
}

function decodeUnicodeEscape(raw: string, at: number, digits: number): EscapeResult {
  const hex = raw.slice(at + 2, at + 2 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) {
    // HCL's scanner takes `\u` alone when fewer than the digits follow.
    const name = digits === 4 ? 'four' : 'eight';
    return {
      text: '',
      next: at + 2,
      problem: {
        start: at,
        end: at + 2,
        message: `Invalid escape sequence; The \\${raw[at + 1]} escape sequence must be followed by ${name} hexadecimal digits.`,
      },
    };
  }
  const codePoint = parseInt(hex, 16);
  if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    const shown = codePoint.toString(16).padStart(4, '0');
    return {
      text: '',
      next: at + 2 + digits,
      problem: {
        start: at,
        end: at + 2 + digits,
        message: `Invalid escape sequence; Cannot encode character U+${shown} in UTF-8.`,
      },
    };
  }
  return { text: String.fromCodePoint(codePoint), next: at + 2 + digits };
}
