/**
 * Step 2's work: make the source image a local file and check its checksum.
 * Local paths (and file:// URLs) are used in place; http(s) URLs are
 * downloaded into a cache keyed by URL and checksum, so a second build with
 * the same source does not download again.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChrootSource } from '../../template/index.js';
import { assertChecksum, digestFile, expectedChecksum, parseChecksumSpec, type ExpectedChecksum } from './checksum.js';
import { download } from './download.js';
import { sourceFileName } from './source-kind.js';
import type { StartProgress } from '../ui/progress.js';

/** Options for {@link fetchSource}. */
export interface FetchOptions {
  /** Download cache directory (created when needed). */
  cacheDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Reports downloads and checksum reads. */
  progress?: StartProgress;
}

/**
 * Local path of `source.source_image`, downloaded when it is an http(s) URL,
 * verified against `source.source_checksum`. A mismatch throws a message
 * naming both sums; a mismatching download is not kept.
 */
export async function fetchSource(source: ChrootSource, opts: FetchOptions): Promise<string> {
  const location = source.source_image;
  if (!location) throw new Error(`source "${source.name}": source_image is required unless from_scratch is true`);
  const spec = parseChecksumSpec(source.source_checksum);
  const fileName = sourceFileName(location) || 'source';
  if (/^https?:\/\//i.test(location)) {
    const expected = await expectedChecksum(spec, fileName, opts.signal);
    return fetchRemote(location, fileName, expected, source.source_checksum ?? 'none', opts);
  }
  const path = location.startsWith('file://') ? fileURLToPath(location) : resolve(location);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`source_image ${location} does not exist or is not a file`);
  const expected = await expectedChecksum(spec, fileName, opts.signal);
  if (expected) {
    opts.log(`Verifying the ${expected.algorithm} checksum of ${path}`);
    assertChecksum(path, expected, await digestFile(path, expected.algorithm, opts.signal, opts.progress));
  }
  return path;
}

/** Cache path for a URL + checksum: same URL with another checksum is another entry. */
export function cachePathFor(cacheDir: string, url: string, checksumText: string, fileName: string): string {
  const key = createHash('sha256').update(`${url}\n${checksumText}`).digest('hex').slice(0, 32);
  return join(cacheDir, key, fileName);
}

/** Fetches under way in this process, by cache path: builds at once that share a source download it once. */
const inFlight = new Map<string, { done: Promise<string>; signal?: AbortSignal }>();

/**
 * Downloads `url` into the cache (or to `dest`), unless a file there
 * already matches `expected`; resolves with the local path.
 */
export async function fetchRemote(
  url: string,
  fileName: string,
  expected: ExpectedChecksum | undefined,
  checksumText: string,
  opts: FetchOptions,
  dest = cachePathFor(opts.cacheDir, url, checksumText, fileName),
): Promise<string> {
  const other = inFlight.get(dest);
  if (other) {
    opts.log(`Waiting for another build's download of ${url}`);
    try {
      return await other.done;
    } catch (err) {
      // That build was stopped, not this one: fetch it here.
      if (!other.signal?.aborted || opts.signal?.aborted) throw err;
    }
  }
  const done = fetchIntoCache(url, dest, expected, opts);
  const entry = { done, signal: opts.signal };
  inFlight.set(dest, entry);
  try {
    return await done;
  } finally {
    if (inFlight.get(dest) === entry) inFlight.delete(dest);
  }
}

async function fetchIntoCache(
  url: string,
  dest: string,
  expected: ExpectedChecksum | undefined,
  opts: FetchOptions,
): Promise<string> {
  if (
    await stat(dest).then(
      (s) => s.isFile(),
      () => false,
    )
  ) {
    if (!expected) {
      opts.log(`Using the cached download of ${url} (no source_checksum: not verified)`);
      return dest;
    }
    const hex = await digestFile(dest, expected.algorithm, opts.signal, opts.progress);
    if (hex === expected.hex) {
      opts.log(`Using the cached download of ${url} (${expected.algorithm} verified)`);
      return dest;
    }
    opts.log(`The cached download of ${url} does not match its checksum: downloading again`);
    await rm(dest, { force: true });
  }
  await mkdir(join(dest, '..'), { recursive: true });
  await download(url, dest, {
    signal: opts.signal,
    log: opts.log,
    progress: opts.progress,
    algorithm: expected?.algorithm,
    verify: expected ? (hex) => assertChecksum(url, expected, hex) : undefined,
  });
  return dest;
}

/**
 * Download cache: $CHROOTFORGE_CACHE_DIR, else $XDG_CACHE_HOME/chrootforge,
 * else ~/.cache/chrootforge (shared by builds, unlike the work directory).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROOTFORGE_CACHE_DIR) return resolve(env.CHROOTFORGE_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'chrootforge', 'downloads');
}

/**
 * {@link fetchSource} in the shape the fetch-source step takes as its hook
 * (`StepHooks.fetchSource`): default cache directory, progress through the
 * build's Ui.
 */
export function fetchSourceForStep(
  source: ChrootSource,
  options: { workDir: string; signal: AbortSignal; log: (line: string) => void; progress?: StartProgress },
): Promise<string | undefined> {
  return fetchSource(source, {
    cacheDir: defaultCacheDir(),
    signal: options.signal,
    log: options.log,
    progress: options.progress,
  });
}
