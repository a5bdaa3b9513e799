/**
 * The progress of a tool that reads a file as its stdin is how far it has
 * read: a real child (dd, then a pause, then the rest) whose offset the
 * parent sees through the shared open file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withStdinFile } from '../../runner/image/byte-meter.js';
import { runTool } from '../../runner/image/tool.js';

const dir = mkdtempSync(join(tmpdir(), 'cf-byte-meter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withStdinFile', () => {
  it('reports the offset the tool has read up to, while it runs', async () => {
    const file = join(dir, 'input.bin');
    writeFileSync(file, Buffer.alloc(300_000, 7));
    const seen: number[] = [];
    const progress = { update: (n: number) => seen.push(n), done: () => undefined, stop: () => undefined };
    const out = await withStdinFile(file, progress, (stdinFd) =>
      // Reads exactly 100000 bytes, waits (the meter looks every 250 ms), then reads the rest.
      runTool('sh', ['-c', 'dd bs=100000 count=1 of=/dev/null 2>/dev/null; sleep 0.8; wc -c'], { stdinFd }),
    );
    expect(out.trim()).toBe('200000');
    expect(seen).toContain(100_000);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
  });

  it('closes the file when the tool fails', async () => {
    const file = join(dir, 'fail.bin');
    writeFileSync(file, 'x');
    let fd = -1;
    await expect(
      withStdinFile(file, { update: () => undefined, done: () => undefined, stop: () => undefined }, (stdinFd) => {
        fd = stdinFd;
        return runTool('sh', ['-c', 'exit 3'], { stdinFd });
      }),
    ).rejects.toThrow(/exit/);
    // The fd is closed: gone, or reused for another file.
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => 'closed');
    expect(target).not.toBe(file);
  });
});
