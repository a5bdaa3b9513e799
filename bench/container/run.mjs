#!/usr/bin/env node
// bench/container: the chrootforge image against its base.
//  - size: `docker image inspect` sizes, image minus base (target <= 150 MB);
//  - cold language server: `docker run -i --rm --network none -v ws:ws:ro -w ws
//    IMAGE lsp --stdio` (the editor's command line) from spawn to the answer
//    to `initialize`, median of RUNS (target <= 1.5 s).
// Uses an existing image (IMAGE, BASE) or builds it: make the offline base
// with test/container/make-node-base.sh, then docker build. Prints figures;
// exits 1 when a target is missed.
//
// Usage: node bench/container/run.mjs   (env: BENCH_CONTAINER_IMAGE, BENCH_CONTAINER_BASE, BENCH_CONTAINER_RUNS)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = process.env.BENCH_CONTAINER_BASE ?? 'chrootforge-test/node20-bookworm:local';
const IMAGE = process.env.BENCH_CONTAINER_IMAGE ?? 'chrootforge-test/chrootforge:ci';
const RUNS = Number(process.env.BENCH_CONTAINER_RUNS ?? 5);
const TARGET_MB = 150;
const TARGET_S = 1.5;

/** @param {string[]} args @param {import('node:child_process').ExecFileSyncOptions} opts */
const docker = (args, opts = {}) => execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
/** @param {string} image */
const exists = (image) => {
  try {
    docker(['image', 'inspect', image], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (!exists(BASE)) execFileSync('bash', [join(root, 'test/container/make-node-base.sh'), BASE], { stdio: 'inherit' });
if (!exists(IMAGE) || process.env.BENCH_CONTAINER_REBUILD === '1') {
  docker(['build', '-q', '--force-rm', '--build-arg', `BASE_IMAGE=${BASE}`, '-t', IMAGE, root], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** @param {string} image */
const size = (image) => Number(String(docker(['image', 'inspect', '-f', '{{.Size}}', image])).trim());
const growthMb = (size(IMAGE) - size(BASE)) / 1e6;

/**
 * One cold start: spawn to the initialize response, then a clean shutdown.
 * @param {string} ws the workspace directory
 * @returns {Promise<number>} seconds to the initialize answer
 */
function coldStart(ws) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      'docker',
      ['run', '-i', '--rm', '--network', 'none', '-v', `${ws}:${ws}:ro`, '-w', ws, IMAGE, 'lsp', '--stdio'],
      { stdio: 'pipe' },
    );
    /** @param {object} msg */
    const send = (msg) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    let buffer = Buffer.alloc(0);
    /** @type {number | undefined} */
    let answered;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no initialize answer in 30 s'));
    }, 30_000);
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1 && answered === undefined) {
          answered = Number(process.hrtime.bigint() - started) / 1e9;
          send({ id: 2, method: 'shutdown', params: null });
        } else if (message.id === 2) {
          send({ method: 'exit', params: null });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (answered === undefined) reject(new Error(`lsp container exited (${code}) before answering`));
      else resolve(answered);
    });
    send({
      id: 1,
      method: 'initialize',
      params: { processId: process.pid, rootUri: pathToFileURL(ws).href, capabilities: {} },
    });
  });
}

const ws = mkdtempSync(join(tmpdir(), 'cf-bench-container-'));
writeFileSync(join(ws, 'main.pkr.hcl'), 'source "chroot" "x" {\n  source_image = "base.img"\n}\n');
const times = [];
try {
  await coldStart(ws); // warm the page cache: "cold" means a new container, not a cold disk
  for (let i = 0; i < RUNS; i++) times.push(await coldStart(ws));
} finally {
  rmSync(ws, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;

/** @param {boolean} good */
const ok = (good) => (good ? 'ok' : 'MISSED');
console.log(
  `image ${IMAGE} over base ${BASE} (load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores: other work on the machine slows container start-up)`,
);
console.log(
  `  size: ${(size(IMAGE) / 1e6).toFixed(1)} MB, base ${(size(BASE) / 1e6).toFixed(1)} MB, growth ${growthMb.toFixed(1)} MB (target <= ${TARGET_MB} MB: ${ok(growthMb <= TARGET_MB)})`,
);
console.log(
  `  cold docker run ... lsp --stdio to the initialize answer: median ${median.toFixed(3)} s of ${RUNS} [${times.map((t) => t.toFixed(3)).join(', ')}] (target <= ${TARGET_S} s: ${ok(median <= TARGET_S)})`,
);
process.exitCode = growthMb <= TARGET_MB && median <= TARGET_S ? 0 : 1;
