/**
 * `rsadecrypt(ciphertext, privatekey)` as Packer's (go-cty-funcs): Base64
 * ciphertext, RSA PKCS #1 v1.5 padding, an unencrypted PEM key in PKCS #1
 * form (`BEGIN RSA PRIVATE KEY`), and Go's messages.
 *
 * The RSA operation is done here, on BigInts, from the key's DER
 * structure: the engine runs in a browser worker as well as in Node (and
 * Node 20 refuses PKCS #1 v1.5 decryption anyway, CVE-2023-46809). The
 * timing of this code could only matter to a service answering decryption
 * queries from an attacker; this evaluates a template's own constant for
 * its author.
 */
import { FunctionError } from '../function-model.js';
import { utf8Text } from '../../text/bytes.js';
import { decodeStdBase64 } from './go-base64.js';

/** Go's rsa.ErrDecryption, for every padding or size fault (it tells no more). */
const DECRYPTION_ERROR = 'crypto/rsa: decryption error';

interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Uint8Array;
}

/** The first well-formed PEM block, as Go's pem.Decode finds it. */
function pemBlock(text: string): PemBlock | undefined {
  const blocks = /-----BEGIN ([^\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const [, type, body] of text.matchAll(blocks)) {
    const [head, rest] = /^(?:[^\n:]+:[^\n]*\r?\n)+\r?\n/.test(body!) ? body!.split(/\r?\n\r?\n/, 2) : ['', body!];
    const headers = new Map(
      head!
        .split(/\r?\n/)
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]),
    );
    const decoded = decodeStdBase64(rest!.replace(/[ \t]/g, ''));
    if (decoded.ok) return { type: type!, headers, bytes: decoded.bytes };
  }
  return undefined;
}

/** A DER reader over one structure: tags, lengths and INTEGERs (what a PKCS #1 key is made of). */
class Der {
  constructor(
    private readonly bytes: Uint8Array,
    public at = 0,
    private readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.at >= this.end;
  }

  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.at];
  }

  /** Steps over a tag and its length: the content as a reader of its own; undefined when malformed. */
  element(tag: number): Der | undefined {
    if (this.at + 2 > this.end || this.bytes[this.at] !== tag) return undefined;
    let at = this.at + 1;
    let length = this.bytes[at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || at + count > this.end) return undefined;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.bytes[at++]!;
    }
    if (at + length > this.end) return undefined;
    this.at = at + length;
    return new Der(this.bytes, at, at + length);
  }

  /** An INTEGER (two's complement, big-endian). */
  integer(): bigint | undefined {
    const content = this.element(0x02);
    if (!content || content.done) return undefined;
    let value = 0n;
    for (let i = content.at; i < content.end; i++) value = (value << 8n) | BigInt(this.bytes[i]!);
    const negative = (this.bytes[content.at]! & 0x80) !== 0;
    return negative ? value - (1n << BigInt(8 * (content.end - content.at))) : value;
  }
}

/** The numbers of a PKCS #1 RSAPrivateKey the decryption uses (CRT form). */
interface RsaKey {
  n: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
}

/**
 * The tag of the element after the version in a DER key's outer SEQUENCE:
 * INTEGER (0x02, the modulus) in PKCS #1, SEQUENCE (0x30, the algorithm)
 * in PKCS #8, OCTET STRING (0x04) in SEC 1. Go tells the user which parser
 * a key of the other kinds wants.
 */
function tagAfterVersion(der: Uint8Array): number | undefined {
  const outer = new Der(der).element(0x30);
  return outer?.integer() === undefined ? undefined : outer.peekTag();
}

/** The RSA key of a PKCS #1 DER structure, or Go's x509.ParsePKCS1PrivateKey message for what it is instead. */
function pkcs1Key(der: Uint8Array): RsaKey {
  const tag = tagAfterVersion(der);
  if (tag === 0x04)
    throw new FunctionError('x509: failed to parse private key (use ParseECPrivateKey instead for this key format)', 1);
  if (tag === 0x30)
    throw new FunctionError(
      'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
      1,
    );
  const outer = new Der(der).element(0x30);
  const [version, n, e, d, p, q, dp, dq, qinv] = Array.from({ length: 9 }, () => outer?.integer());
  const positive = [n, e, d, p, q, dp, dq, qinv].every((x) => x !== undefined && x > 0n);
  // A key Go's rsa.PrivateKey.Validate takes: two primes whose product is the modulus (more primes are not read here).
  if (version === 0n && positive && p! * q! === n && (qinv! * q!) % p! === 1n)
    return { n: n!, p: p!, q: q!, dp: dp!, dq: dq!, qinv: qinv! };
  throw new FunctionError('x509: failed to parse private key: not a PKCS #1 RSA private key', 1);
}

/** base^exponent mod modulus, by squaring. */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The raw RSA decryption c^d mod n, by the Chinese remainder theorem (the key's own CRT values). */
function rawDecrypt(c: bigint, key: RsaKey): bigint {
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  return m2 + ((key.qinv * h) % key.p) * key.q;
}

const bigFromBytes = (bytes: Uint8Array): bigint => bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/** A number as big-endian bytes, left-padded to `size`. */
function bytesOfBig(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** The message inside an EME-PKCS1-v1_5 block: 0x00 0x02, at least 8 non-zero bytes, 0x00, message. */
function unpad(block: Uint8Array): Uint8Array {
  const separator = block.indexOf(0, 2);
  if (block[0] !== 0 || block[1] !== 2 || separator < 10) throw new FunctionError(DECRYPTION_ERROR, 0);
  return block.subarray(separator + 1);
}

/** Decrypts Base64 ciphertext with a PEM private key. */
export function rsadecrypt(ciphertext: string, privateKey: string): string {
  const data = decodeStdBase64(ciphertext);
  if (!data.ok)
    throw new FunctionError(
      `failed to decode input ${JSON.stringify(ciphertext)}: cipher text must be base64-encoded`,
      0,
    );
  const block = pemBlock(privateKey);
  if (!block) throw new FunctionError('failed to parse key: no key found', 1);
  if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
    throw new FunctionError(
      'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use',
      1,
    );
  }
  const key = pkcs1Key(block.bytes);
  const size = Math.ceil(key.n.toString(16).length / 2);
  if (data.bytes.length > size || size < 11) throw new FunctionError(DECRYPTION_ERROR, 0);
  const c = bigFromBytes(data.bytes);
  // A ciphertext not below the modulus.
  if (c >= key.n) throw new FunctionError(DECRYPTION_ERROR, 0);
  return utf8Text(unpad(bytesOfBig(rawDecrypt(c, key), size)));
}
