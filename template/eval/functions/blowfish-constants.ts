/**
 * Blowfish's initial P-array and S-boxes are the hexadecimal digits of the
 * fractional part of pi, in order (P first, then S0…S3). Rather than carry
 * 1042 constants in the source, they are computed once, on first use, from
 * Machin's formula π = 16·atan(1/5) − 4·atan(1/239) in fixed-point BigInt.
 */

/** 18 P words, then 4 × 256 S words. */
const WORDS = 18 + 4 * 256;
/** Bits of pi needed, plus guard bits against rounding in the series. */
const BITS = WORDS * 32 + 64;

/** atan(1/x) scaled by 2^BITS, by its alternating Taylor series. */
function arctanInverse(x: bigint, one: bigint): bigint {
  const xSquared = x * x;
  let power = one / x;
  let sum = power;
  for (let n = 3n, sign = -1n; power !== 0n; n += 2n, sign = -sign) {
    power /= xSquared;
    sum += (sign * power) / n;
  }
  return sum;
}

let cached: Uint32Array | undefined;

/** The 1042 words of pi's fractional hex digits (P-array then S-boxes). */
export function blowfishInitialState(): Uint32Array {
  if (cached) return cached;
  const one = 1n << BigInt(BITS);
  const pi = 16n * arctanInverse(5n, one) - 4n * arctanInverse(239n, one);
  // Drop the integer part (3) and the guard bits; what is left are the fraction's words.
  const fraction = (pi - 3n * one) >> 64n;
  const words = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) {
    words[i] = Number((fraction >> BigInt((WORDS - 1 - i) * 32)) & 0xffffffffn);
  }
  cached = words;
  return words;
}
