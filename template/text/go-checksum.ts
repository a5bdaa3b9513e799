/**
 * Checksum strings as go-getter reads them when it verifies a download (`TYPE:HEX`, or bare HEX whose length
 * names the algorithm), with go-getter's and Go's own error texts. `file:` checksums name a checksum file that
 * is fetched; they are not parsed here.
 */

const DIGEST_BYTES: Record<string, number> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };
const TYPE_BY_BYTES = new Map(Object.entries(DIGEST_BYTES).map(([type, bytes]) => [bytes, type]));

export type ParsedChecksum =
  | { kind: 'file'; location: string }
  | { kind: 'digest'; type: string; hex: string; expectedBytes: number }
  | { kind: 'error'; error: string };

/** How go-getter's GetChecksum reads `checksum`; an explicit type is lower-cased, as it does. */
export function parseGoGetterChecksum(checksum: string): ParsedChecksum {
  const colon = checksum.indexOf(':');
  if (colon < 0) {
    const decoded = decodeHex(checksum);
    if (decoded.error) return { kind: 'error', error: `invalid checksum: ${decoded.error}` };
    const type = TYPE_BY_BYTES.get(decoded.bytes);
    if (!type) return { kind: 'error', error: `Unknown type for checksum ${checksum}` };
    return { kind: 'digest', type, hex: checksum, expectedBytes: decoded.bytes };
  }
  const written = checksum.slice(0, colon);
  const hex = checksum.slice(colon + 1);
  if (written === 'file') return { kind: 'file', location: hex };
  const decoded = decodeHex(hex);
  if (decoded.error) return { kind: 'error', error: `invalid checksum: ${decoded.error}` };
  const type = written.toLowerCase();
  const expectedBytes = Object.hasOwn(DIGEST_BYTES, type) ? DIGEST_BYTES[type] : undefined;
  if (expectedBytes === undefined) return { kind: 'error', error: `unsupported checksum type: ${written}` };
  return { kind: 'digest', type, hex, expectedBytes };
}

/** Go's hex.DecodeString: the first invalid byte in pair order, then an odd length. */
function decodeHex(text: string): { bytes: number; error?: string } {
  const bytes = new TextEncoder().encode(text);
  const invalid = (b: number) => !((b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102));
  for (let j = 1; j < bytes.length; j += 2) {
    for (const b of [bytes[j - 1]!, bytes[j]!]) if (invalid(b)) return { bytes: 0, error: invalidByte(b) };
  }
  if (bytes.length % 2 === 1) {
    const last = bytes[bytes.length - 1]!;
    return { bytes: 0, error: invalid(last) ? invalidByte(last) : 'encoding/hex: odd length hex string' };
  }
  return { bytes: bytes.length / 2 };
}

/** Go's `%#U` of the byte as a rune: `U+0067 'g'`. */
function invalidByte(byte: number): string {
  const code = byte.toString(16).toUpperCase().padStart(4, '0');
  const printable = byte >= 0x20 && byte !== 0x7f && !(byte >= 0x80 && byte < 0xa0);
  return `encoding/hex: invalid byte: U+${code}${printable ? ` '${String.fromCharCode(byte)}'` : ''}`;
}
