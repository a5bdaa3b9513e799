/**
 * Base64 as Go's `base64.StdEncoding.DecodeString` reads it (what Packer's
 * functions use): the standard alphabet, padding required, `\r` and `\n`
 * skipped anywhere, and on failure the byte offset Go reports in its
 * `illegal base64 data at input byte N`.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/** The decoded bytes, or the offset of the first byte Go rejects. */
export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; offset: number };

const isNewline = (ch: string | undefined): boolean => ch === '\n' || ch === '\r';

/** Decodes `text` as Go's StdEncoding does (Go's decodeQuantum, quantum by quantum). */
export function decodeStdBase64(text: string): Base64Result {
  const out: number[] = [];
  let si = 0;
  while (si < text.length) {
    const quantum: number[] = [];
    let end = false;
    while (quantum.length < 4) {
      if (si === text.length) {
        // Input ends inside a quantum: with padding required, that is an error at its start.
        if (quantum.length === 0) break;
        return { ok: false, offset: si - quantum.length };
      }
      const ch = text[si++]!;
      const sextet = DECODE.get(ch);
      if (sextet !== undefined) {
        quantum.push(sextet);
        continue;
      }
      if (isNewline(ch)) continue;
      if (ch !== '=' || quantum.length < 2) return { ok: false, offset: si - 1 };
      if (quantum.length === 2) {
        // `xx==`: the second `=` must follow (after any newlines).
        while (isNewline(text[si])) si++;
        if (si === text.length) return { ok: false, offset: text.length };
        if (text[si] !== '=') return { ok: false, offset: si - 1 };
        si++;
      }
      while (isNewline(text[si])) si++;
      if (si < text.length) return { ok: false, offset: si };
      end = true;
      break;
    }
    // Trailing bits of a short quantum are dropped, as Go's non-strict decoding does.
    const bits = quantum.reduce((acc, sextet) => (acc << 6) | sextet, 0) << (6 * (4 - quantum.length));
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff];
    out.push(...bytes.slice(0, Math.max(0, quantum.length - 1)));
    if (end) break;
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}
