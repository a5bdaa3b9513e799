/**
 * Numbers as text, the ways cty writes them: Go's `%g` shortest form for
 * string conversion and templates (`1e+21`, `1e-07`, `1234.5`), plain
 * decimal for JSON (`1000000000000000000000`).
 */

/**
 * Go's %g of a non-negative number: the shortest digits (or `precision`
 * significant ones), in exponent form when the exponent is below -4 or at
 * least the precision (21 for the shortest form, as strconv does), plain
 * decimal otherwise.
 */
export function goGeneral(abs: number, precision?: number): string {
  if (!Number.isFinite(abs)) return Number.isNaN(abs) ? 'NaN' : '+Inf';
  const exponential = precision === undefined ? abs.toExponential() : abs.toExponential(Math.max(precision, 1) - 1);
  const [mantissa, exp] = exponential.split('e') as [string, string];
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  const exponent = abs === 0 ? 0 : Number(exp);
  let eprec = precision === undefined ? 21 : Math.max(precision, 1);
  if (precision === undefined && eprec > digits.length && digits.length >= exponent + 1) eprec = digits.length;
  if (exponent < -4 || exponent >= eprec) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return goExponent(`${body}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`);
  }
  return decimalText(Number(`${digits[0]}.${digits.slice(1)}e${exponent}`));
}

/** Go writes exponents with at least two digits: `1.5e+00`. */
export function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A number as plain decimal, never in exponent notation (`1e21` → `1000000000000000000000`). */
export function decimalText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  return text.includes('e') ? expandExponent(text) : text;
}

/** `1.5e-7` → `0.00000015`, `1e+21` → `1000000000000000000000`. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exp] = match;
  const digits = lead! + fraction;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A number as cty converts it to a string: Go's %g, shortest form (`-1.5`, `1e+21`). */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return (n < 0 ? '-' : '') + goGeneral(Math.abs(n));
}
