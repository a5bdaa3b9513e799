/**
 * Character encodings for `textencodebase64` and `textdecodebase64`, by
 * IANA name or alias matched ignoring case (as Go's ianaindex, which
 * Packer uses, matches them), with the name Packer's messages give.
 *
 * Computed here: UTF-8, UTF-16 (big-endian, byte order mark written and
 * honoured), UTF-16LE, UTF-16BE, ISO-8859-1 and US-ASCII, the ones Node
 * does exactly without tables. Packer knows more (Go's x/text: the
 * windows-125x, ISO-8859-x, IBM and East Asian encodings); for those the
 * result is unknown rather than a false error. Any other name is an error.
 */

import { concatBytes, latin1Bytes, swapPairs, utf16leBytes, utf8Bytes, utf8Text } from '../../text/bytes.js';

/** An encoding computed here. */
export interface TextEncoding {
  /** The IANA name Packer's messages use. */
  name: string;
  /** The bytes of `text`; undefined when a character has none in this encoding. */
  encode(text: string): Uint8Array | undefined;
  /** The text of `bytes`, U+FFFD for bytes that are no character (as Go's decoders give). */
  decode(bytes: Uint8Array): string;
}

/** UTF-16 big-endian: the code units byte-swapped from little-endian. */
function utf16be(text: string): Uint8Array {
  return swapPairs(utf16leBytes(text));
}

/** A mark at the start is a character here (U+FEFF), as Go's fixed-order UTF-16 decoders keep it. */
const utf16leDecoder = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Big-endian bytes swapped to little-endian (a copy), a lone last byte left as it is (then U+FFFD). */
function decodeUtf16be(bytes: Uint8Array): string {
  return utf16leDecoder.decode(swapPairs(bytes));
}

/** Characters up to `max` as one byte each (ISO-8859-1, US-ASCII). */
function singleByte(name: string, max: number): TextEncoding {
  return {
    name,
    encode: (text) => ([...text].some((ch) => ch.codePointAt(0)! > max) ? undefined : latin1Bytes(text)),
    decode: (bytes) => [...bytes].map((b) => (b > max ? '\ufffd' : String.fromCharCode(b))).join(''),
  };
}

const UTF8: TextEncoding = {
  name: 'UTF-8',
  encode: utf8Bytes,
  decode: utf8Text,
};
const UTF16LE: TextEncoding = {
  name: 'UTF-16LE',
  encode: utf16leBytes,
  decode: (bytes) => utf16leDecoder.decode(bytes),
};
const UTF16BE: TextEncoding = { name: 'UTF-16BE', encode: utf16be, decode: decodeUtf16be };

/** UTF-16 without an order given: written big-endian after a mark; read by its mark, big-endian without one. */
const UTF16: TextEncoding = {
  name: 'UTF-16',
  encode: (text) => concatBytes(Uint8Array.of(0xfe, 0xff), utf16be(text)),
  decode: (bytes) => {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16be(bytes.subarray(2));
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16leDecoder.decode(bytes.subarray(2));
    return decodeUtf16be(bytes);
  },
};

/** IANA names and aliases of the encodings computed here. */
const COMPUTED: Array<[TextEncoding, string[]]> = [
  [UTF8, ['UTF-8', 'csUTF8']],
  [UTF16, ['UTF-16', 'csUTF16']],
  [UTF16LE, ['UTF-16LE', 'csUTF16LE']],
  [UTF16BE, ['UTF-16BE', 'csUTF16BE']],
  [
    singleByte('ISO-8859-1', 0xff),
    ['ISO_8859-1:1987', 'iso-ir-100', 'ISO_8859-1', 'ISO-8859-1', 'latin1', 'l1', 'IBM819', 'CP819', 'csISOLatin1'],
  ],
  [
    singleByte('US-ASCII', 0x7f),
    [
      'US-ASCII',
      'iso-ir-6',
      'ANSI_X3.4-1968',
      'ANSI_X3.4-1986',
      'ISO_646.irv:1991',
      'ISO646-US',
      'us',
      'IBM367',
      'cp367',
      'csASCII',
    ],
  ],
];

/** IANA names and aliases of encodings Packer has and this does not compute. */
const ELSEWHERE = [
  ...[1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 874].flatMap((n) => [`windows-${n}`, `cswindows${n}`]),
  ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16].map((n) => `ISO-8859-${n}`),
  ...[2, 3, 4, 5, 6, 7, 8, 9, 14, 16].map((n) => `ISO_8859-${n}`),
  'latin2',
  'latin3',
  'latin4',
  'latin5',
  'latin6',
  'latin8',
  'latin10',
  'Latin-9',
  'cyrillic',
  'arabic',
  'greek',
  'hebrew',
  'KOI8-R',
  'csKOI8R',
  'KOI8-U',
  'csKOI8U',
  'macintosh',
  'mac',
  'csMacintosh',
  'IBM037',
  'cp037',
  'IBM437',
  'cp437',
  '437',
  'IBM850',
  'cp850',
  '850',
  'IBM852',
  'cp852',
  'IBM855',
  'cp855',
  'IBM00858',
  'CP00858',
  'IBM860',
  'cp860',
  'IBM862',
  'cp862',
  'IBM863',
  'cp863',
  'IBM865',
  'cp865',
  'IBM866',
  'cp866',
  '866',
  'IBM1047',
  'IBM-1047',
  'Shift_JIS',
  'MS_Kanji',
  'csShiftJIS',
  'EUC-JP',
  'csEUCPkdFmtJapanese',
  'ISO-2022-JP',
  'csISO2022JP',
  'EUC-KR',
  'csEUCKR',
  'GBK',
  'CP936',
  'MS936',
  'windows-936',
  'csGBK',
  'GB18030',
  'csGB18030',
  'Big5',
  'csBig5',
  'HZ-GB-2312',
];

const computed = new Map(
  COMPUTED.flatMap(([encoding, names]) => names.map((n) => [n.toLowerCase(), encoding] as const)),
);
const elsewhere = new Set(ELSEWHERE.map((n) => n.toLowerCase()));

/** The encoding named; `elsewhere` for one Packer has and this does not compute; undefined for none. */
export function textEncoding(name: string): TextEncoding | 'elsewhere' | undefined {
  const key = name.toLowerCase();
  return computed.get(key) ?? (elsewhere.has(key) ? 'elsewhere' : undefined);
}
