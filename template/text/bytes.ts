/**
 * Bytes as the template functions need them, on plain `Uint8Array`s: the
 * engine runs in Node and in a browser worker, and Node's `Buffer` is only
 * in the one. Text codecs are the platform's (`TextEncoder`/`TextDecoder`,
 * in both); Base64 and hex are written out here.
 */

const encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** The UTF-8 bytes of a text (lone surrogates become U+FFFD, as Go's conversion does). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text of UTF-8 bytes, U+FFFD for bytes that are no character. */
export function utf8Text(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** UTF-16 code units, little-endian. */
export function utf16leBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/** A copy with each pair of bytes swapped (a lone last byte kept): UTF-16 from one byte order to the other. */
export function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i + 1 < out.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/** One byte per UTF-16 code unit (its low byte), as Node's `latin1` encoding writes. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard Base64 with padding (Go's StdEncoding.EncodeToString). */
export function base64Text(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const bits = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[bits >> 18]! + BASE64[(bits >> 12) & 63]!;
    out += b === undefined ? '=' : BASE64[(bits >> 6) & 63]!;
    out += c === undefined ? '=' : BASE64[bits & 63]!;
  }
  return out;
}

/** Lower-case hexadecimal. */
export function hexText(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** The bytes of an even-length hexadecimal text (callers check the text first). */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
