/**
 * runProcess with streamed output (provisioners, host commands): every line
 * reaches the callback however much a command prints, the command's pipe is
 * never closed under it, and the result keeps only the output's tail. Real
 * /bin/sh, no root needed.
 */
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../runner/process/run-process.js';

// 1,000,000 lines of 100 characters: 101 MB, past execa's 64 MiB maxBuffer.
const LINES = 1_000_000;
const LINE = '0123456789'.repeat(10);

describe('runProcess, streamed output', () => {
  it('passes on every line of 101 MB of output and leaves the pipe open to the end', async () => {
    let count = 0;
    let last = '';
    const stderr: string[] = [];
    const result = await runProcess(
      '/bin/sh',
      ['-c', `yes ${LINE} | head -n ${LINES}; echo "exit of head: $?" >&2; echo last-line; exit 3`],
      {
        onStdout: (line) => {
          count++;
          last = line;
        },
        onStderr: (line) => stderr.push(line),
      },
    );
    expect(result.exitCode).toBe(3);
    // Before: execa closed stdout at 64 MiB; head failed with EPIPE and the rest was lost.
    expect(stderr).toEqual(['exit of head: 0']);
    expect(count).toBe(LINES + 1);
    expect(last).toBe('last-line');
    // The result keeps the tail only (what an error message quotes).
    expect(result.stdout.length).toBe(65536);
    expect(result.stdout.endsWith(`${LINE}\nlast-line\n`)).toBe(true);
    expect(result.stderr).toBe('exit of head: 0\n');
  }, 60_000);

  it('gives a line longer than any pipe chunk whole, and one without a final newline', async () => {
    const lines: string[] = [];
    const result = await runProcess(
      '/bin/sh',
      ['-c', `head -c 3000000 /dev/zero | tr '\\0' a; echo; printf 'b\\nend'`],
      { onStdout: (line) => lines.push(line) },
    );
    expect(result.exitCode).toBe(0);
    expect(lines.map((l) => l.length)).toEqual([3_000_000, 1, 3]);
    expect(lines[0]).toBe('a'.repeat(3_000_000));
    expect(lines.slice(1)).toEqual(['b', 'end']);
  });

  it('keeps a tool’s whole output when nothing streams it', async () => {
    const result = await runProcess('/bin/sh', ['-c', `head -c 200000 /dev/zero | tr '\\0' x`]);
    expect(result.stdout).toBe('x'.repeat(200_000));
  });
});
