/**
 * A template file's bytes as text, or where they stop being UTF-8. HCL
 * reads only UTF-8 (hclsyntax reports "Invalid character encoding" at the
 * first bad byte), so an invalid sequence is a fault in the file with a
 * position, not an I/O error.
 */

export type Utf8Text = { ok: true; text: string } | { ok: false; line: number; column: number };

export function decodeUtf8Text(bytes: Uint8Array): Utf8Text {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidSequence(bytes);
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, offset));
    const lineStart = before.lastIndexOf('\n') + 1;
    return { ok: false, line: before.split('\n').length, column: before.length - lineStart + 1 };
  }
}

/** The one-line error for a file that is not UTF-8, `file:line:col: message` (fmt and validate print it alike). */
export function invalidUtf8Message(name: string, at: { line: number; column: number }): string {
  return `${name}:${at.line}:${at.column}: Invalid character encoding: the file is not valid UTF-8; HCL files must be UTF-8 encoded.`;
}

/**
 * Offset of the first byte sequence that is not well-formed UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or the length
 * when there is none.
 */
function firstInvalidSequence(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    // The second byte's range is narrower after some leads (that is what excludes overlongs and surrogates).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return i;
}
