/**
 * source_checksum: `sha256:HEX` (or another Node-supported algorithm such as
 * sha512/sha1/md5, as Packer's iso_checksum allows), `file:PATH-or-URL`
 * (a sha256sum-style or BSD-style list; the line for the image's file name
 * is used) or `none`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withProgress, type StartProgress } from '../ui/progress.js';

/** An expected digest. */
export interface ExpectedChecksum {
  algorithm: string;
  /** Lower-case hex. */
  hex: string;
}

const ALGORITHM_BY_HEX_LENGTH: Record<number, string> = {
  32: 'md5',
  40: 'sha1',
  56: 'sha224',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};
const KNOWN = new Set(Object.values(ALGORITHM_BY_HEX_LENGTH));

/** How to get the expected digest; undefined for `none` or absent. */
export type ChecksumSpec =
  | { kind: 'inline'; expected: ExpectedChecksum }
  | { kind: 'file'; location: string }
  | undefined;

/** Parses a source_checksum value; throws naming the accepted forms. */
export function parseChecksumSpec(text: string | undefined): ChecksumSpec {
  if (text === undefined || text === '' || text === 'none') return undefined;
  if (text.startsWith('file:')) return { kind: 'file', location: text.slice('file:'.length) };
  const m = /^([a-z0-9]+):([0-9a-fA-F]+)$/.exec(text);
  if (!m || !KNOWN.has(m[1]!) || ALGORITHM_BY_HEX_LENGTH[m[2]!.length] !== m[1]) {
    throw new Error(
      `source_checksum "${text}" is not valid: use sha256:HEX (64 hex digits), file:PATH-or-URL, or none`,
    );
  }
  return { kind: 'inline', expected: { algorithm: m[1]!, hex: m[2]!.toLowerCase() } };
}

/**
 * Finds the digest for `fileName` in a checksum list: `HEX  name`,
 * `HEX *name` (binary mode), `HEX name` or BSD `SHA256 (name) = HEX`.
 * Names are compared by their last path component.
 */
export function checksumFromList(list: string, fileName: string): ExpectedChecksum | undefined {
  const base = (n: string): string => n.replace(/^\.\//, '').split('/').pop() ?? n;
  for (const raw of list.split(/\r?\n/)) {
    const line = raw.trim();
    const gnu = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line);
    const bsd = /^([A-Za-z0-9-]+)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)$/.exec(line);
    const hex = gnu?.[1] ?? bsd?.[3];
    const name = gnu?.[2] ?? bsd?.[2];
    if (!hex || !name || base(name.trim()) !== fileName) continue;
    const algorithm = bsd ? bsd[1]!.toLowerCase().replace('-', '') : ALGORITHM_BY_HEX_LENGTH[hex.length];
    if (algorithm && KNOWN.has(algorithm)) return { algorithm, hex: hex.toLowerCase() };
  }
  return undefined;
}

/** Reads a checksum list from a local path, a file:// URL or an http(s) URL. */
export async function readChecksumList(location: string, signal?: AbortSignal): Promise<string> {
  if (/^https?:\/\//i.test(location)) {
    const res = await fetch(location, { signal });
    if (!res.ok) throw new Error(`checksum file ${location}: HTTP ${res.status} ${res.statusText}`);
    return res.text();
  }
  const path = location.startsWith('file://') ? fileURLToPath(location) : location;
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`checksum file ${location} cannot be read: ${err.code ?? err.message}`);
  });
}

/** Resolves a spec to the expected digest of `fileName`. */
export async function expectedChecksum(
  spec: ChecksumSpec,
  fileName: string,
  signal?: AbortSignal,
): Promise<ExpectedChecksum | undefined> {
  if (!spec) return undefined;
  if (spec.kind === 'inline') return spec.expected;
  const found = checksumFromList(await readChecksumList(spec.location, signal), fileName);
  if (!found) throw new Error(`checksum file ${spec.location} has no line for ${fileName}`);
  return found;
}

/** Hex digest of a file (images are large: its reading is reported to `progress`). */
export async function digestFile(
  path: string,
  algorithm: string,
  signal?: AbortSignal,
  progress?: StartProgress,
): Promise<string> {
  const { size } = await stat(path);
  return withProgress(progress, `Verifying the ${algorithm} checksum`, size, async (p) => {
    const hash = createHash(algorithm);
    let read = 0;
    for await (const chunk of createReadStream(path, { signal })) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      p.update(read);
    }
    return hash.digest('hex');
  });
}

/** Throws a message naming both sums when `actualHex` differs. */
export function assertChecksum(what: string, expected: ExpectedChecksum, actualHex: string): void {
  if (actualHex !== expected.hex) {
    throw new Error(
      `checksum mismatch for ${what}: the checksum is ${expected.algorithm}:${expected.hex}, the file has ${expected.algorithm}:${actualHex}`,
    );
  }
}
