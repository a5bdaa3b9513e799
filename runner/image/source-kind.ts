/**
 * What kind of file a source image is. The name decides first (users name
 * their files), then the first bytes: a `.img` that is really qcow2 is common
 * (Ubuntu's cloud images), and a compressed file's magic tells the codec.
 */
import { open } from 'node:fs/promises';

/** Codec of a compressed source. */
export type Codec = 'gz' | 'xz' | 'zst' | 'bz2';

/** How a source becomes a raw working image. */
export type SourceKind =
  | { kind: 'raw' }
  | { kind: 'qcow2' }
  | { kind: 'compressed-raw'; codec: Codec }
  | { kind: 'tarball'; codec?: Codec };

const TAR_SUFFIXES: Array<[RegExp, Codec | undefined]> = [
  [/\.tar$/i, undefined],
  [/\.(tar\.gz|tgz)$/i, 'gz'],
  [/\.(tar\.xz|txz)$/i, 'xz'],
  [/\.(tar\.zst|tar\.zstd|tzst)$/i, 'zst'],
  [/\.(tar\.bz2|tbz2)$/i, 'bz2'],
];

const CODEC_SUFFIXES: Array<[RegExp, Codec]> = [
  [/\.gz$/i, 'gz'],
  [/\.xz$/i, 'xz'],
  [/\.(zst|zstd)$/i, 'zst'],
  [/\.bz2$/i, 'bz2'],
];

/** Name of the file a source path or URL points to (query and fragment dropped). */
export function sourceFileName(source: string): string {
  let path = source;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    try {
      path = decodeURIComponent(new URL(source).pathname);
    } catch {
      // Not a parseable URL: fall back to the raw text.
    }
  }
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return base;
}

/** Kind from the file name alone; undefined when the name says nothing. */
export function kindFromName(name: string): SourceKind | undefined {
  for (const [re, codec] of TAR_SUFFIXES)
    if (re.test(name)) return codec ? { kind: 'tarball', codec } : { kind: 'tarball' };
  for (const [re, codec] of CODEC_SUFFIXES) if (re.test(name)) return { kind: 'compressed-raw', codec };
  if (/\.qcow2?$/i.test(name)) return { kind: 'qcow2' };
  return undefined;
}

/** Kind from the first bytes of a file (qcow2, gzip, xz, zstd, bzip2, tar); else raw. */
export function kindFromMagic(head: Buffer): SourceKind {
  if (head.subarray(0, 4).equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]))) return { kind: 'qcow2' };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'compressed-raw', codec: 'gz' };
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
    return { kind: 'compressed-raw', codec: 'xz' };
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])))
    return { kind: 'compressed-raw', codec: 'zst' };
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return { kind: 'compressed-raw', codec: 'bz2' };
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return { kind: 'tarball' };
  return { kind: 'raw' };
}

/**
 * Kind of the source at `localPath`, whose name in the template is
 * `declaredName`. A compressed name is trusted (its inner content is not
 * sniffed); a plain or unknown name is checked against the file's magic.
 */
export async function detectSourceKind(localPath: string, declaredName: string): Promise<SourceKind> {
  const byName = kindFromName(declaredName);
  if (byName) return byName;
  const fh = await open(localPath, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    return kindFromMagic(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
