/** Hash, UUID and decryption functions: md5 sha1 sha256 sha512 base64sha256 base64sha512 bcrypt rsadecrypt uuidv4 uuidv5. */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { base64Text, concatBytes, hexBytes, hexText, utf8Bytes } from '../../text/bytes.js';
import { T } from '../types.js';
import { UNKNOWN } from '../value.js';
import { bcryptHash } from './bcrypt.js';
import { rsadecrypt } from './rsa-decrypt.js';

/**
 * The hash functions, pure JavaScript (@noble/hashes): the engine runs in a
 * browser worker too, where Web Crypto's digest is asynchronous and has no
 * MD5.
 */
const HASHES = { md5, sha1, sha256, sha512 };
type HashName = keyof typeof HASHES;

function digest(algorithm: HashName, text: string, encoding: 'hex' | 'base64'): string {
  const bytes = HASHES[algorithm](utf8Bytes(text));
  return encoding === 'hex' ? hexText(bytes) : base64Text(bytes);
}

/** Random bytes from the platform's Web Crypto (`crypto` is global in Node 20 and in browsers). */
function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** A random UUID, version 4 (RFC 4122); `crypto.randomUUID` exists only in secure browser contexts. */
function randomUuid(): string {
  return uuidText(withVersion(randomBytes(16), 0x40));
}

/** The version nibble and the RFC 4122 variant set in place. */
function withVersion(bytes: Uint8Array, version: number): Uint8Array {
  bytes[6] = (bytes[6]! & 0x0f) | version;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytes;
}

function uuidText(bytes: Uint8Array): string {
  const hex = hexText(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4122 namespaces uuidv5 knows by name. */
const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** A name-based UUID (version 5: SHA-1 of the namespace bytes and the name). */
function uuidv5(namespace: string, name: string): string {
  const id = NAMESPACES[namespace] ?? namespace;
  const m = UUID.exec(id);
  if (!m)
    throw new FunctionError(
      `uuidv5() doesn't support namespace ${namespace}: it is neither dns, url, oid, x500 nor a UUID`,
      0,
    );
  const hash = sha1(concatBytes(hexBytes(m.slice(1).join('')), utf8Bytes(name)));
  return uuidText(withVersion(hash.subarray(0, 16), 0x50));
}

/**
 * Costs above this take seconds or minutes; the hash is salted at random
 * anyway, so an editor gains nothing from computing it: it stays unknown.
 */
const MAX_COMPUTED_COST = 12;

function bcrypt(password: string, costArgs: number[]): Value {
  if (costArgs.length > 1) throw new FunctionError('bcrypt() takes at most two arguments', 2);
  const cost = costArgs[0] ?? 10;
  if (!Number.isInteger(cost) || cost < 4 || cost > 31)
    throw new FunctionError(`crypto/bcrypt: cost ${cost} is outside allowed range (4,31)`, 1);
  if (new TextEncoder().encode(password).length > 72)
    throw new FunctionError('bcrypt: password length exceeds 72 bytes', 0);
  if (cost > MAX_COMPUTED_COST) return UNKNOWN;
  return bcryptHash(password, cost, randomBytes(16));
}

const hashFn = (name: string, algorithm: HashName, encoding: 'hex' | 'base64', what: string): HclFunction =>
  fn(name, `The ${what} of a string (its UTF-8 bytes).`, [param('str', T.string)], T.string, ([s]) =>
    digest(algorithm, s as string, encoding),
  );

/** The hash, UUID and decryption functions of the library. */
export const cryptoFunctions: HclFunction[] = [
  hashFn('md5', 'md5', 'hex', 'MD5 hash, in hexadecimal,'),
  hashFn('sha1', 'sha1', 'hex', 'SHA-1 hash, in hexadecimal,'),
  hashFn('sha256', 'sha256', 'hex', 'SHA-256 hash, in hexadecimal,'),
  hashFn('sha512', 'sha512', 'hex', 'SHA-512 hash, in hexadecimal,'),
  hashFn('base64sha256', 'sha256', 'base64', 'SHA-256 hash, in Base64,'),
  hashFn('base64sha512', 'sha512', 'base64', 'SHA-512 hash, in Base64,'),
  fn(
    'bcrypt',
    'The bcrypt hash of a string, with a random salt and the given cost (default 10).',
    [param('str', T.string)],
    T.string,
    ([s, ...cost]) => bcrypt(s as string, cost as number[]),
    {
      variadic: param('cost', T.number),
      impure: true,
    },
  ),
  fn(
    'rsadecrypt',
    'Decrypts Base64 RSA ciphertext (PKCS #1 v1.5 padding) with an unencrypted PEM private key.',
    [param('ciphertext', T.string), param('privatekey', T.string)],
    T.string,
    ([c, k]) => rsadecrypt(c as string, k as string),
  ),
  fn('uuidv4', 'A new random UUID (version 4); different at every evaluation.', [], T.string, () => randomUuid(), {
    impure: true,
  }),
  fn(
    'uuidv5',
    'A name-based UUID (version 5) in a namespace (`dns`, `url`, `oid`, `x500` or a UUID).',
    [param('namespace', T.string), param('name', T.string)],
    T.string,
    ([ns, n]) => uuidv5(ns as string, n as string),
  ),
];
