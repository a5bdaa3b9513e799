/**
 * The parsers that reproduce Go libraries the arm plugins rely on, against those libraries' own answers:
 * go-humanize v1.0.1 ParseBytes (packer-builder-arm's image_size) and Go's encoding/hex (go-getter's checksum
 * values). The expected columns were produced by a Go 1.19 program calling the real libraries (go-humanize
 * built from its v1.0.1 tag); they are results, not code.
 */
import { describe, expect, it } from 'vitest';
import { parseGoGetterChecksum } from '../../template/text/go-checksum.js';
import { parseHumanizeBytes } from '../../template/text/humanize-bytes.js';

/** [input, ParseBytes result: bytes, or "error: " + Go's error text]. */
const HUMANIZE: Array<[string, string]> = [
  ['4G', '4000000000'],
  ['3.1G', '3100000000'],
  ['4.5G', '4500000000'],
  ['256M', '256000000'],
  ['2G', '2000000000'],
  ['512MiB', '536870912'],
  ['1,024k', '1024000'],
  ['0', '0'],
  ['0.5', '0'],
  ['1.', '1'],
  ['.5G', '500000000'],
  ['2 GB', '2000000000'],
  ['2gib ', '2147483648'],
  ['', 'error: strconv.ParseFloat: parsing "": invalid syntax'],
  ['G2', 'error: strconv.ParseFloat: parsing "": invalid syntax'],
  ['1.2.3G', 'error: strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
  ['4 gigs', 'error: unhandled size name: gigs'],
  ['100000000000000000000', 'error: too large: 100000000000000000000'],
  ['16EiB', 'error: too large: 16EiB'],
  ['15EiB', '17293822569102704640'],
  ['3e9', 'error: unhandled size name: e9'],
  ['-1G', 'error: strconv.ParseFloat: parsing "": invalid syntax'],
  ['+1G', 'error: strconv.ParseFloat: parsing "": invalid syntax'],
  ['1_000', 'error: unhandled size name: _000'],
  [' 4G', 'error: strconv.ParseFloat: parsing "": invalid syntax'],
  ['4GiB', '4294967296'],
  ['1kB', '1000'],
  ['8Ei', '9223372036854775808'],
];

/** [input, hex.DecodeString result: byte count, or "error: " + Go's error text]. */
const GO_HEX: Array<[string, string]> = [
  ['abcd', '2'],
  ['ABCD', '2'],
  ['abc', 'error: encoding/hex: odd length hex string'],
  ['abg1', "error: encoding/hex: invalid byte: U+0067 'g'"],
  ['ab1g', "error: encoding/hex: invalid byte: U+0067 'g'"],
  ['zz', "error: encoding/hex: invalid byte: U+007A 'z'"],
  ['a', 'error: encoding/hex: odd length hex string'],
  ['g', "error: encoding/hex: invalid byte: U+0067 'g'"],
  ['', '0'],
  ['0123456789abcdef0123456789abcdef', '16'],
  ['é0', "error: encoding/hex: invalid byte: U+00C3 'Ã'"],
  ['a\u0001', 'error: encoding/hex: invalid byte: U+0001'],
];

describe('parseHumanizeBytes (go-humanize ParseBytes)', () => {
  it.each(HUMANIZE)('%j → %s', (input, expected) => {
    const parsed = parseHumanizeBytes(input);
    expect('error' in parsed ? `error: ${parsed.error}` : String(BigInt(parsed.bytes))).toBe(expected);
  });
  it('reports a number too long for a float64 as ParseFloat does', () => {
    expect(parseHumanizeBytes(`${'9'.repeat(400)}G`)).toEqual({
      error: `strconv.ParseFloat: parsing "${'9'.repeat(400)}": value out of range`,
    });
  });
});

describe('parseGoGetterChecksum (go-getter GetChecksum)', () => {
  it.each(GO_HEX)('hex %j → %s', (input, expected) => {
    const parsed = parseGoGetterChecksum(`sha256:${input}`);
    const got = parsed.kind === 'error' ? parsed.error : parsed.kind === 'digest' ? String(parsed.hex.length / 2) : '';
    expect(got.replace(/^invalid checksum: /, 'error: ')).toBe(expected);
  });
  it('reads TYPE:HEX with the type lower-cased, and checks the hex before the type', () => {
    expect(parseGoGetterChecksum('SHA256:abcd')).toEqual({
      kind: 'digest',
      type: 'sha256',
      hex: 'abcd',
      expectedBytes: 32,
    });
    expect(parseGoGetterChecksum('sha3:abcd')).toEqual({ kind: 'error', error: 'unsupported checksum type: sha3' });
    expect(parseGoGetterChecksum('sha3:xyz')).toEqual({
      kind: 'error',
      error: "invalid checksum: encoding/hex: invalid byte: U+0078 'x'",
    });
  });
  it('tells the algorithm of bare hex from its length', () => {
    expect(parseGoGetterChecksum('0'.repeat(32))).toMatchObject({ kind: 'digest', type: 'md5' });
    expect(parseGoGetterChecksum('0'.repeat(40))).toMatchObject({ kind: 'digest', type: 'sha1' });
    expect(parseGoGetterChecksum('0'.repeat(64))).toMatchObject({ kind: 'digest', type: 'sha256' });
    expect(parseGoGetterChecksum('0'.repeat(128))).toMatchObject({ kind: 'digest', type: 'sha512' });
    expect(parseGoGetterChecksum('abcd')).toEqual({ kind: 'error', error: 'Unknown type for checksum abcd' });
  });
  it('leaves file: checksums (fetched by Packer) alone, splitting at the first colon', () => {
    expect(parseGoGetterChecksum('file:https://example.com/SHA256SUMS')).toEqual({
      kind: 'file',
      location: 'https://example.com/SHA256SUMS',
    });
  });
});
