/**
 * fetchSource: checksums (inline, file:, none), local paths and file://
 * URLs, and http downloads from a real local server with a cache hit the
 * second time and nothing kept after a mismatch or an abort.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, fetchSource, fetchSourceForStep } from '../../runner/image/fetch-source.js';
import { periodicProgress } from '../../runner/ui/progress.js';
import type { FetchSource } from '../../runner/steps/fetch-source.js';
import { chrootSource } from '../fixtures/images/image-helpers.js';

const log = (): void => {};

/** Every file under `dir`, recursively, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('fetchSource', () => {
  let tmp: string;
  let image: string;
  const data = randomBytes(256 * 1024);
  const sha = createHash('sha256').update(data).digest('hex');
  const wrong = '0'.repeat(64);
  let server: Server;
  let base: string;
  const hits: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'cf-fetch-'));
    image = join(tmp, 'disk.img');
    await writeFile(image, data);
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/images/disk.img') {
        res.setHeader('content-length', data.length);
        res.end(data);
      } else if (req.url === '/images/SHA256SUMS') {
        res.end(`${wrong}  other.img\n${sha} *disk.img\n`);
      } else if (req.url === '/encoded/disk.img') {
        const body = gzipSync(data);
        res.setHeader('content-encoding', 'gzip');
        res.setHeader('content-length', body.length);
        res.end(body);
      } else if (req.url === '/slow/disk.img') {
        res.setHeader('content-length', data.length);
        res.write(data.subarray(0, 1024));
        // Never finishes: the test aborts it.
      } else {
        res.statusCode = 404;
        res.end('no');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await rm(tmp, { recursive: true, force: true });
  });

  it('uses a local path in place and verifies sha256:HEX', async () => {
    const opts = { cacheDir: join(tmp, 'c0'), log };
    expect(await fetchSource(chrootSource({ source_image: image, source_checksum: `sha256:${sha}` }), opts)).toBe(
      image,
    );
    expect(await fetchSource(chrootSource({ source_image: image, source_checksum: 'none' }), opts)).toBe(image);
    expect(await fetchSource(chrootSource({ source_image: pathToFileURL(image).href }), opts)).toBe(image);
  });

  it('names both sums on a mismatch', async () => {
    const opts = { cacheDir: join(tmp, 'c1'), log };
    await expect(
      fetchSource(chrootSource({ source_image: image, source_checksum: `sha256:${wrong}` }), opts),
    ).rejects.toThrow(new RegExp(`sha256:${wrong}.*sha256:${sha}`));
  });

  it('reads file: checksum lists (GNU and BSD lines), local or by URL', async () => {
    const sums = join(tmp, 'SHA256SUMS');
    await writeFile(sums, `${wrong}  ./other.img\nSHA256 (disk.img) = ${sha}\n`);
    const opts = { cacheDir: join(tmp, 'c2'), log };
    expect(await fetchSource(chrootSource({ source_image: image, source_checksum: `file:${sums}` }), opts)).toBe(image);
    expect(
      await fetchSource(chrootSource({ source_image: image, source_checksum: `file:${base}/images/SHA256SUMS` }), opts),
    ).toBe(image);
    await writeFile(sums, `${sha}  someone-else.img\n`);
    await expect(
      fetchSource(chrootSource({ source_image: image, source_checksum: `file:${sums}` }), opts),
    ).rejects.toThrow(/no line for disk\.img/);
  });

  it('rejects malformed checksums with the accepted forms', async () => {
    await expect(
      fetchSource(chrootSource({ source_image: image, source_checksum: 'sha256:abc' }), {
        cacheDir: tmp,
        log,
      }),
    ).rejects.toThrow(/use sha256:HEX/);
  });

  it('downloads over http once, then hits the cache', async () => {
    const cacheDir = join(tmp, 'c3');
    const src = chrootSource({ source_image: `${base}/images/disk.img`, source_checksum: `sha256:${sha}` });
    hits.length = 0;
    const first = await fetchSource(src, { cacheDir, log });
    expect(first.startsWith(cacheDir)).toBe(true);
    expect(first.endsWith('/disk.img')).toBe(true);
    expect((await readFile(first)).equals(data)).toBe(true);
    const lines: string[] = [];
    const second = await fetchSource(src, { cacheDir, log: (l) => lines.push(l) });
    expect(second).toBe(first);
    expect(hits).toEqual(['/images/disk.img']);
    expect(lines.join('\n')).toMatch(/cached download .* verified/);
  });

  it('accepts a Content-Encoding body (decoded by fetch; the length header counts encoded bytes)', async () => {
    const p = await fetchSource(
      chrootSource({ source_image: `${base}/encoded/disk.img`, source_checksum: `sha256:${sha}` }),
      { cacheDir: join(tmp, 'c6'), log },
    );
    expect((await readFile(p)).equals(data)).toBe(true);
  });

  it('keeps nothing after a checksum mismatch, a 404 or an abort', async () => {
    const cacheDir = join(tmp, 'c4');
    await expect(
      fetchSource(chrootSource({ source_image: `${base}/images/disk.img`, source_checksum: `sha256:${wrong}` }), {
        cacheDir,
        log,
      }),
    ).rejects.toThrow(/checksum mismatch/);
    await expect(fetchSource(chrootSource({ source_image: `${base}/missing.img` }), { cacheDir, log })).rejects.toThrow(
      /HTTP 404/,
    );
    const ac = new AbortController();
    const p = fetchSource(chrootSource({ source_image: `${base}/slow/disk.img` }), {
      cacheDir,
      log,
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 200);
    await expect(p).rejects.toThrow();
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('builds fetching one source at once download it once, and all get the file', async () => {
    const cacheDir = join(tmp, 'c7');
    const src = chrootSource({ source_image: `${base}/images/disk.img`, source_checksum: `sha256:${sha}` });
    const before = hits.filter((h) => h === '/images/disk.img').length;
    const lines: string[] = [];
    const paths = await Promise.all([0, 1, 2].map(() => fetchSource(src, { cacheDir, log: (l) => lines.push(l) })));
    expect(new Set(paths).size).toBe(1);
    expect(await readFile(paths[0]!)).toEqual(data);
    expect(hits.filter((h) => h === '/images/disk.img').length - before).toBe(1);
    expect(lines.filter((l) => l.startsWith("Waiting for another build's download"))).toHaveLength(2);
  });

  it('reports the download to its progress: bytes up to the total, one closing line', async () => {
    const cacheDir = join(tmp, 'c5');
    const lines: string[] = [];
    const totals: Array<number | undefined> = [];
    let last = 0;
    await fetchSource(chrootSource({ source_image: `${base}/images/disk.img` }), {
      cacheDir,
      log,
      progress: (task, total) => {
        totals.push(total);
        const p = periodicProgress(task, total, (l) => lines.push(l), { timer: false });
        return {
          ...p,
          update: (n) => {
            last = n;
            p.update(n);
          },
        };
      },
    });
    expect(totals).toEqual([data.length]);
    expect(last).toBe(data.length);
    expect(lines).toEqual([expect.stringMatching(/^Downloading: done, 256\.0 KiB in /)]);
  });

  it('fits the fetch-source step hook, with the default cache directory', async () => {
    const hook: FetchSource = fetchSourceForStep;
    const ac = new AbortController();
    expect(await hook(chrootSource({ source_image: image }), { workDir: tmp, signal: ac.signal, log })).toBe(image);
    expect(defaultCacheDir({ CHROOTFORGE_CACHE_DIR: '/x/cache' })).toBe('/x/cache');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/chrootforge/downloads');
  });
});
