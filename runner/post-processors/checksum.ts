/**
 * The `checksum` post-processor, as Packer's: for each checksum type, a file
 * named by the rendered `output` template holding `HEX<TAB>basename` lines
 * (coreutils' `sha256sum -c` reads them). Packer appends to an existing
 * file; chrootforge replaces the line of the same file name instead (a
 * rebuild otherwise leaves a stale line that fails `-c`) and keeps the
 * others, writing through a temp file and a rename.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { writeAtomically } from '../image/atomic-file.js';
import type { ChecksumPostProcessor } from '../../template/index.js';
import { withOutputLock } from './output-lock.js';
import { renderPostProcessorText } from './render-output.js';

/** Packer's checksum types (Node's hash names). */
export const CHECKSUM_TYPES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

/** The artifact a post-processor works on. */
export interface PostProcessorArtifact {
  path: string;
  /** Packer's .BuildName: the source's name. */
  buildName: string;
  /** Packer's .BuilderType: `chroot`. */
  builderType: string;
}

/** Options shared by the post-processors. */
export interface PostProcessorOptions {
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Relative outputs resolve against this (Packer: the working directory). */
  cwd?: string;
  templateDir?: string;
}

/** Runs one checksum post-processor; resolves with the checksum files written. */
export async function runChecksum(
  pp: ChecksumPostProcessor,
  artifact: PostProcessorArtifact,
  opts: PostProcessorOptions,
): Promise<string[]> {
  const types = pp.checksum_types.length ? pp.checksum_types : ['md5'];
  const unknown = types.filter((t) => !(CHECKSUM_TYPES as readonly string[]).includes(t));
  if (unknown.length)
    throw new Error(
      `checksum post-processor: unrecognized checksum type ${unknown.join(', ')} (use ${CHECKSUM_TYPES.join(', ')})`,
    );
  const digests = await digestAll(artifact.path, types, opts.signal);
  const written: string[] = [];
  for (const type of types) {
    const rendered = renderPostProcessorText(
      pp.output,
      { BuildName: artifact.buildName, BuilderType: artifact.builderType, ChecksumType: type },
      opts.templateDir,
    );
    const file = resolve(opts.cwd ?? process.cwd(), rendered);
    await upsertLine(file, basename(artifact.path), `${digests.get(type)}\t${basename(artifact.path)}`);
    opts.log(`Wrote ${type} checksum to ${file}`);
    written.push(file);
  }
  return written;
}

/** Bytes per read: two buffers of this size, reused for the whole file (larger ones hash no faster here). */
const CHUNK = 1024 * 1024;

/**
 * All digests in one read of the artifact (images are large). Two buffers
 * are reused: the next chunk is read (in libuv's thread pool) while this
 * one is hashed, and no garbage is made per chunk.
 */
async function digestAll(path: string, types: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const hashes = types.map((t) => [t, createHash(t)] as const);
  const file = await open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let which = 0;
    let pending = file.read(buffers[which]!, 0, CHUNK, null);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      signal?.throwIfAborted();
      which ^= 1;
      pending = file.read(buffers[which]!, 0, CHUNK, null);
      const chunk = bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
      for (const [, h] of hashes) h.update(chunk);
    }
  } finally {
    await file.close();
  }
  return new Map(hashes.map(([t, h]) => [t, h.digest('hex')]));
}

/** File name of a `HEX<TAB>name`, `HEX  name` or `HEX *name` line. */
function lineFileName(line: string): string | undefined {
  return /^[0-9a-fA-F]+(?:\t| \*| {1,2})(.*)$/.exec(line)?.[1];
}

/**
 * Writes `line` into `file`, replacing a line for the same `name`, under the
 * file's lock: builds running at once may share one checksum file.
 */
async function upsertLine(file: string, name: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await withOutputLock(file, 'checksum file', async () => {
    const old = await readFile(file, 'utf8').catch(() => '');
    const kept = old.split('\n').filter((l) => l !== '' && lineFileName(l) !== name);
    await writeAtomically(file, (temp) => writeFile(temp, `${[...kept, line].join('\n')}\n`, { mode: 0o644 }));
  });
}
