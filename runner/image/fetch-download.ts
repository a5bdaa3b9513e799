/**
 * The arm builders' download (a {@link DownloadPlan}): its URLs tried in
 * order as Packer's StepDownload tries them, each verified against the
 * checksum; http(s) through the download cache (or to the target path the
 * template names), file:// URLs and local paths used in place.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DownloadPlan } from '../../template/index.js';
import { assertChecksum, digestFile, expectedChecksum, parseChecksumSpec } from './checksum.js';
import { fetchRemote, type FetchOptions } from './fetch-source.js';
import { sourceFileName } from './source-kind.js';

/** The local path of the first URL of `plan` that can be had and matches its checksum. */
export async function fetchDownload(plan: DownloadPlan, opts: FetchOptions): Promise<string> {
  if (plan.urls.length === 0) throw new Error('no URL to download the image from');
  const failures: string[] = [];
  for (const url of plan.urls) {
    try {
      return await fetchOne(url, plan, opts);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const message = (err as Error).message;
      failures.push(`${url}: ${message}`);
      if (plan.urls.length > 1) opts.log(`Download of ${url} failed (${message}); trying the next URL`);
    }
  }
  throw new Error(failures.length === 1 ? failures[0]! : `every URL failed:\n  ${failures.join('\n  ')}`);
}

async function fetchOne(url: string, plan: DownloadPlan, opts: FetchOptions): Promise<string> {
  const spec = parseChecksumSpec(plan.checksum);
  const fileName = sourceFileName(url) || 'download';
  const expected = await expectedChecksum(spec, fileName, opts.signal);
  if (/^https?:\/\//i.test(url)) {
    const dest = plan.target_path ? await targetFile(plan.target_path, fileName) : undefined;
    return fetchRemote(url, fileName, expected, plan.checksum ?? 'none', opts, dest);
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`${path} does not exist or is not a file`);
  if (expected) {
    opts.log(`Verifying the ${expected.algorithm} checksum of ${path}`);
    assertChecksum(path, expected, await digestFile(path, expected.algorithm, opts.signal));
  } else {
    opts.log(`Using ${path} (no checksum: not verified)`);
  }
  return path;
}

/** A target path that is a directory (or ends in `/`) receives the file under its own name. */
async function targetFile(target: string, fileName: string): Promise<string> {
  if (target.endsWith('/')) return join(target, fileName);
  const info = await stat(target).catch(() => undefined);
  return info?.isDirectory() ? join(target, fileName) : target;
}
