/**
 * Where a template's bytes stop being UTF-8: agreement with Node's fatal
 * decoder on random bytes, and exact positions for the usual faults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Text } from '../../cli/utf8-text.js';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('decodeUtf8Text', () => {
  it('accepts exactly what a fatal UTF-8 decoder accepts', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)),
      fc
        .tuple(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 4 }), fc.string({ unit: 'binary' }))
        .map(([a, b, c]) => Uint8Array.from([...new TextEncoder().encode(a), ...b, ...new TextEncoder().encode(c)])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        expect(decodeUtf8Text(b).ok).toBe(isUtf8(b));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a lone 0xff', [0x61, 0x20, 0x3d, 0x20, 0xff, 0x0a], 1, 5],
    ['on the second line, after a multi-byte character', [...Buffer.from('a = 1\nb = "é'), 0xc3, 0x28], 2, 7],
    ['a truncated sequence at the end', [...Buffer.from('x\ny'), 0xe2, 0x82], 2, 2],
    ['an overlong encoding of "/"', [0xc0, 0xaf], 1, 1],
    ['a UTF-16 surrogate', [0x0a, 0x0a, 0x20, 0xed, 0xa0, 0x80], 3, 2],
  ])('%s: line and column of the first bad sequence', (_name, bytes, line, column) => {
    expect(decodeUtf8Text(Uint8Array.from(bytes))).toEqual({ ok: false, line, column });
  });

  it('keeps a byte order mark in the text (the formatter decides about it)', () => {
    expect(decodeUtf8Text(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: '\ufeffa' });
  });
});
