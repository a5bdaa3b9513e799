/**
 * `rsadecrypt(ciphertext, privatekey)` as Packer's (go-cty-funcs): Base64
 * ciphertext, RSA PKCS #1 v1.5 padding, an unencrypted PEM key in PKCS #1
 * form (`BEGIN RSA PRIVATE KEY`), and Go's messages.
 *
 * Node 20 refuses `RSA_PKCS1_PADDING` in `privateDecrypt` (CVE-2023-46809,
 * the Marvin timing attack; its documented way back is the process-wide
 * `--security-revert=CVE-2023-46809`, not ours to impose). So the key does
 * the raw RSA operation (`RSA_NO_PADDING`) and the padding is checked here.
 * The timing of that check could only matter to a service answering
 * decryption queries from an attacker; this evaluates a template's own
 * constant for its author.
 */
import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { FunctionError } from '../function-model.js';
import { decodeStdBase64 } from './go-base64.js';

/** Go's rsa.ErrDecryption, for every padding or size fault (it tells no more). */
const DECRYPTION_ERROR = 'crypto/rsa: decryption error';

interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Buffer;
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

/**
 * The tag of the element after the version in a DER key's outer SEQUENCE:
 * INTEGER (0x02, the modulus) in PKCS #1, SEQUENCE (0x30, the algorithm)
 * in PKCS #8, OCTET STRING (0x04) in SEC 1. OpenSSL reads a PKCS #8 key
 * even when told PKCS #1; Go does not, so the structure is looked at here.
 */
function tagAfterVersion(der: Buffer): number | undefined {
  let at = 0;
  /** Steps over a tag and its length; the content length, undefined when malformed. */
  const header = (): number | undefined => {
    if (at + 2 > der.length) return undefined;
    at++;
    let length = der[at++]!;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      if (bytes === 0 || bytes > 4 || at + bytes > der.length) return undefined;
      length = 0;
      for (let i = 0; i < bytes; i++) length = length * 256 + der[at++]!;
    }
    return length;
  };
  if (der[0] !== 0x30 || header() === undefined || der[at] !== 0x02) return undefined;
  const version = header();
  return version === undefined ? undefined : der[at + version];
}

/** The RSA key of a PKCS #1 DER structure, or Go's x509.ParsePKCS1PrivateKey message for what it is instead. */
function pkcs1Key(der: Buffer): KeyObject {
  const tag = tagAfterVersion(der);
  if (tag === 0x04)
    throw new FunctionError('x509: failed to parse private key (use ParseECPrivateKey instead for this key format)', 1);
  if (tag === 0x30)
    throw new FunctionError(
      'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
      1,
    );
  try {
    if (tag === 0x02) return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch {
    // Not an RSA private key after all: said below.
  }
  throw new FunctionError('x509: failed to parse private key: not a PKCS #1 RSA private key', 1);
}

/** The message inside an EME-PKCS1-v1_5 block: 0x00 0x02, at least 8 non-zero bytes, 0x00, message. */
function unpad(block: Buffer): Buffer {
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
  const size = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (data.bytes.length > size || size < 11) throw new FunctionError(DECRYPTION_ERROR, 0);
  let raw: Buffer;
  try {
    // Left-padded to the modulus size, as Go's big-integer input is.
    raw = privateDecrypt(
      { key, padding: constants.RSA_NO_PADDING },
      Buffer.concat([Buffer.alloc(size - data.bytes.length), data.bytes]),
    );
  } catch {
    // A ciphertext not below the modulus.
    throw new FunctionError(DECRYPTION_ERROR, 0);
  }
  return unpad(raw).toString('utf8');
}
