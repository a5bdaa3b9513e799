/**
 * bcrypt (Provos and Mazières' EksBlowfish), as Go's x/crypto/bcrypt writes
 * it for Packer's `bcrypt(str, cost)`: `$2a$`, two-digit cost, the salt and
 * the hash in bcrypt's own Base64 alphabet. The password's bytes include a
 * terminating NUL, as in the original C implementation.
 */
import { blowfishInitialState } from './blowfish-constants.js';

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAGIC = new TextEncoder().encode('OrpheanBeholderScryDoubt');

/** Blowfish state: 18 P words then the four S-boxes. */
class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;

  constructor() {
    const initial = blowfishInitialState();
    this.p = initial.slice(0, 18);
    this.s = initial.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    const sum = (s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) >>> 0;
    return ((sum ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }

  /** Encrypts one 64-bit block given as two words; returns the two words. */
  encipher(left: number, right: number): [number, number] {
    let l = left;
    let r = right;
    l = (l ^ this.p[0]!) >>> 0;
    for (let i = 1; i <= 16; i += 2) {
      r = (r ^ this.f(l) ^ this.p[i]!) >>> 0;
      l = (l ^ this.f(r) ^ this.p[i + 1]!) >>> 0;
    }
    return [(r ^ this.p[17]!) >>> 0, l];
  }

  /**
   * Mixes `key` into P, then re-encrypts P and S in place, xoring `data`
   * into each block first (the "expensive key schedule" step; empty `data`
   * gives the plain Blowfish schedule).
   */
  expand(key: Uint8Array, data: Uint8Array): void {
    const keyStream = new WordStream(key);
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ keyStream.next()) >>> 0;
    const dataStream = data.length > 0 ? new WordStream(data) : undefined;
    let l = 0;
    let r = 0;
    const refill = (table: Uint32Array, count: number): void => {
      for (let i = 0; i < count; i += 2) {
        if (dataStream) {
          l = (l ^ dataStream.next()) >>> 0;
          r = (r ^ dataStream.next()) >>> 0;
        }
        [l, r] = this.encipher(l, r);
        table[i] = l;
        table[i + 1] = r;
      }
    };
    refill(this.p, 18);
    refill(this.s, 1024);
  }
}

/** Big-endian 32-bit words read cyclically from bytes. */
class WordStream {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  next(): number {
    let word = 0;
    for (let i = 0; i < 4; i++) {
      word = ((word << 8) | this.bytes[this.position]!) >>> 0;
      this.position = (this.position + 1) % this.bytes.length;
    }
    return word;
  }
}

/** bcrypt's Base64: its own alphabet, no padding. */
export function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 === undefined) break;
    out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 === undefined) break;
    out += ALPHABET[b2 & 63]!;
  }
  return out;
}

/** Decodes bcrypt Base64 text into `length` bytes (for salts written as 22 characters). */
export function decodeBcryptBase64(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let bits = 0;
  let buffer = 0;
  let index = 0;
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`"${ch}" is not a bcrypt Base64 character`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8 && index < length) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** The bcrypt hash of a password with a 16-byte salt at a cost (4 to 31). */
export function bcryptHash(password: string, cost: number, salt: Uint8Array): string {
  const key = new Uint8Array([...new TextEncoder().encode(password), 0]).slice(0, 72);
  const state = new Blowfish();
  state.expand(key, salt);
  for (let round = 0; round < 2 ** cost; round++) {
    state.expand(key, new Uint8Array());
    state.expand(salt, new Uint8Array());
  }
  const words = new WordStream(MAGIC);
  const blocks: Array<[number, number]> = [0, 1, 2].map(() => [words.next(), words.next()]);
  for (let i = 0; i < 64; i++) {
    for (let b = 0; b < 3; b++) blocks[b] = state.encipher(...blocks[b]!);
  }
  const digest = new Uint8Array(24);
  const view = new DataView(digest.buffer);
  for (const [i, word] of blocks.flat().entries()) view.setUint32(i * 4, word);
  return `$2a$${String(cost).padStart(2, '0')}$${bcryptBase64(salt)}${bcryptBase64(digest.subarray(0, 23))}`;
}
