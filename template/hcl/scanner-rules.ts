/**
 * Token rules of hclsyntax's scanner (scan_tokens.rl) that both scanners of
 * this project need to get exactly right: the syntax check's
 * (hcl-lexer.ts) and the formatter's (format/lexer.ts). Where they decide
 * differently from HCL, a file is refused that packer fmt formats, or
 * formatted while the rest of it is taken for heredoc text.
 */

/** Whether a UTF-16 unit is an ASCII digit. */
function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * End of the number literal starting with the digit at `from`: digits, dots
 * and exponents (`e5`, `E+5`), never ending in a dot. The scanner takes
 * `1.5.2` or `1e5e6` whole; {@link isValidNumber} then rejects them.
 */
export function numberLiteralEnd(text: string, from: number): number {
  let end = from + 1;
  let at = end;
  for (;;) {
    const code = text.charCodeAt(at);
    if (isDigit(code)) {
      end = ++at;
    } else if (code === 0x2e /* . */) {
      at++;
    } else if (code === 0x65 /* e */ || code === 0x45 /* E */) {
      const sign = text[at + 1] === '+' || text[at + 1] === '-' ? 1 : 0;
      if (!isDigit(text.charCodeAt(at + 1 + sign))) return end;
      end = at += 2 + sign;
    } else {
      return end;
    }
  }
}

const NUMBER = /^([0-9]+)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/;

/** Exponents this far from zero cannot overflow, whatever the digits (a shortcut). */
const SAFE_EXPONENT = 1e9;

/**
 * Whether a scanned number literal has a value, as cty.ParseNumberVal
 * (Go's big.ParseFloat) decides: at most one dot, then at most one
 * exponent, and a binary exponent that fits big.Float's int32.
 */
export function isValidNumber(literal: string): boolean {
  const match = NUMBER.exec(literal);
  if (!match) return false;
  const [, whole, fraction = '', exponent] = match;
  if (exponent === undefined || Math.abs(Number(exponent)) < SAFE_EXPONENT) return true;
  // big.Float: the exponent must be an int64; zero has no exponent to overflow.
  const exp = BigInt(exponent);
  if (BigInt.asIntN(64, exp) !== exp) return false;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return true;
  // Bits of the mantissa's digits, less a decimal place per fraction digit, plus the exponent (int64 arithmetic).
  const exp2 = BigInt.asIntN(64, BigInt(BigInt(digits).toString(2).length) - BigInt(fraction.length) + exp);
  return exp2 >= -(2n ** 31n) && exp2 < 2n ** 31n;
}

/** Go's unicode.IsSpace, which bytes.TrimSpace trims (JavaScript's trim also takes U+FEFF, but not U+0085). */
const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Whether a whole heredoc line (its line break excluded) closes the heredoc:
 * hclsyntax trims it as bytes.TrimSpace does and compares it with the
 * marker. A lone carriage return ends the scan before any such comparison.
 */
export function closesHeredoc(line: string, marker: string): boolean {
  if (!line.includes(marker) || line.includes('\r')) return false;
  return line.length === marker.length || line.replace(GO_SPACE, '') === marker;
}
