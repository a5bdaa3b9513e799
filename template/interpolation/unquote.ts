/**
 * Go's strconv.Unquote for the body of a double-quoted string or character
 * constant: the escapes Go accepts, and nothing else.
 */

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The decoded text, or undefined when Go would report "invalid syntax". */
export function unquoteGoString(body: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const decoded = escapeAt(body, i + 1);
    if (!decoded) return undefined;
    out += decoded[0];
    i = decoded[1];
  }
  return out;
}

/** Decodes the escape whose letter is at `i`: [text, index after it]. */
function escapeAt(body: string, i: number): [string, number] | undefined {
  const letter = body[i];
  if (letter === undefined) return undefined;
  if (SIMPLE[letter] !== undefined) return [SIMPLE[letter]!, i + 1];
  const hexLength = letter === 'x' ? 2 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  if (hexLength > 0)
    return codeEscape(body.slice(i + 1, i + 1 + hexLength), hexLength, 16, i + 1 + hexLength, letter === 'x');
  if (letter >= '0' && letter <= '7') return codeEscape(body.slice(i, i + 3), 3, 8, i + 3, true);
  return undefined;
}

function codeEscape(
  digits: string,
  length: number,
  radix: 16 | 8,
  next: number,
  isByte: boolean,
): [string, number] | undefined {
  const pattern = radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (digits.length !== length || !pattern.test(digits)) return undefined;
  const code = parseInt(digits, radix);
  if (isByte ? code > 0xff : code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return [String.fromCodePoint(code), next];
}
