/**
 * Progress without a terminal: rate, ETA and the plain periodic lines (a
 * line every 10 s and at each tenth, never closer than 1 s, a closing line);
 * on a terminal: bars of several builds under the log, redrawn in place,
 * never cut into by a log line. The clock is the test's; the streams are
 * plain writables that say they are terminals.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { barText } from '../../runner/ui/progress-bar.js';
import {
  describeProgress,
  formatBytes,
  formatSeconds,
  periodicProgress,
  ProgressMeter,
  withProgress,
} from '../../runner/ui/progress.js';
import { packerDuration } from '../../runner/ui/duration.js';
import { humanUi } from '../../runner/ui/ui.js';

const MiB = 1024 * 1024;

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** A writable that records what reached it and says it is a terminal of `columns`. */
function fakeTerminal(columns = 100): Writable & { text: string; isTTY: boolean; columns: number } {
  const w = new Writable({
    write(chunk, _e, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string; isTTY: boolean; columns: number };
  w.text = '';
  w.isTTY = true;
  w.columns = columns;
  return w;
}

/**
 * What a terminal shows after `text`: `\r`, `ESC[nA`, `ESC[J` and newlines
 * applied to a screen of lines (colour codes dropped).
 */
function screen(text: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes (ESC) are what this checks
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    if (c === '\x1b') {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes (ESC) are what this checks
      const m = /^\x1b\[(\d*)([AJ])/.exec(plain.slice(i))!;
      if (m[2] === 'A') row = Math.max(0, row - Number(m[1] || 1));
      else {
        lines.splice(row + 1);
        lines[row] = lines[row]!.slice(0, col);
      }
      i += m[0].length - 1;
    } else if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      col = 0;
      lines[row] ??= '';
    } else {
      const line = lines[row]!;
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  return lines;
}

describe('progress', () => {
  it('rate over the last seconds and ETA from it', () => {
    const c = clock();
    const m = new ProgressMeter('Copying', 100 * MiB, c.now);
    c.advance(1000);
    m.update(10 * MiB);
    expect(m.rate()).toBeCloseTo(10 * MiB, -3);
    expect(m.eta()).toBeCloseTo(9, 1);
    expect(describeProgress(m)).toBe('10% (10.0 MiB of 100.0 MiB), 10.0 MiB/s, ETA 9s');
    // A stall: the rate falls as the window moves on, the ETA grows.
    c.advance(4000);
    expect(m.rate()).toBeLessThan(3 * MiB);
    expect(m.eta()!).toBeGreaterThan(30);
  });

  it('sizes and times read naturally', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * MiB)).toBe('3.00 GiB');
    expect(formatSeconds(7.4)).toBe('7s');
    expect(formatSeconds(65)).toBe('1m05s');
    expect(formatSeconds(7260)).toBe('2h01m');
    expect(packerDuration(1234.5)).toBe('1 second 234 milliseconds');
    expect(packerDuration(125_000)).toBe('2 minutes 5 seconds');
    expect(packerDuration(60_005)).toBe('1 minute 5 milliseconds');
  });

  it('plain lines: at each tenth (at most one a second), every 10 s when slow, a closing line', () => {
    const c = clock();
    const lines: string[] = [];
    const p = periodicProgress('Downloading', 100 * MiB, (l) => lines.push(l), { now: c.now, timer: false });
    // Quick progress within the first second: no line yet.
    p.update(35 * MiB);
    c.advance(500);
    p.tick();
    expect(lines).toEqual([]);
    // One second in: one line for the tenths crossed, not one per tenth.
    c.advance(500);
    p.tick();
    expect(lines).toEqual(['Downloading: 35% (35.0 MiB of 100.0 MiB), 35.0 MiB/s, ETA 2s']);
    // Slow now: nothing until 10 s have passed without a new tenth.
    p.update(36 * MiB);
    for (let i = 0; i < 9; i++) {
      c.advance(1000);
      p.tick();
    }
    expect(lines).toHaveLength(1);
    c.advance(1000);
    p.tick();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Downloading: 36% \(36\.0 MiB of 100\.0 MiB\), .* ETA /);
    p.update(100 * MiB);
    p.done();
    p.done();
    p.stop();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^Downloading: done, 100\.0 MiB in 11s \(9\.1 MiB\/s\)$/);
  });

  it('withProgress: a closing line on success, none on failure', async () => {
    const lines: string[] = [];
    const start = (task: string, total?: number) =>
      periodicProgress(task, total, (l) => lines.push(l), { timer: false });
    await withProgress(start, 'Copying', 10, async (p) => p.update(10));
    await expect(
      withProgress(start, 'Decompressing', 10, async () => {
        throw new Error('bad input');
      }),
    ).rejects.toThrow('bad input');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Copying: done, 10 B in /);
  });

  it('a bar shows bytes, rate and ETA', () => {
    const c = clock();
    const m = new ProgressMeter('Copying', 200 * MiB, c.now);
    c.advance(2000);
    m.update(50 * MiB);
    expect(barText(m, 81)).toBe('[=======>                      ]  25% 50.0 MiB/200.0 MiB 25.0 MiB/s ETA 6s');
    // Narrower: the bar shrinks, then goes, the figures stay.
    expect(barText(m, 61)).toBe('[==>       ]  25% 50.0 MiB/200.0 MiB 25.0 MiB/s ETA 6s');
    expect(barText(m, 40)).toBe('25% 50.0 MiB/200.0 MiB 25.0 MiB/s ETA 6s');
    // The bar keeps its width while the figures change length (a slow rate, a long ETA)...
    const before = barText(m, 70);
    c.advance(100_000);
    m.update(51 * MiB);
    const after = barText(m, 70);
    expect(after).toMatch(/\] +25% 51\.0 MiB\/200\.0 MiB 10\.2 KiB\/s ETA 4h08m$/);
    expect(after.indexOf(']')).toBe(before.indexOf(']'));
    // ...and where there is no room for it at the widest figures, it never shows, whatever the figures now.
    expect(barText(m, 60)).toBe('25% 51.0 MiB/200.0 MiB 10.2 KiB/s ETA 4h08m');
    const unknown = new ProgressMeter('Downloading', undefined, c.now);
    c.advance(1000);
    unknown.update(3 * MiB);
    expect(barText(unknown, 80)).toBe('3.0 MiB 3.0 MiB/s');
  });

  it('on a terminal: one bar per build under the log, redrawn in place, never cut by a log line', () => {
    // Wide enough for both bars at their widest figures: the test does not depend on the rate the clock gives.
    const out = fakeTerminal(120);
    const a = humanUi('chroot.a', out, out);
    const b = humanUi('chroot.b', out, out);
    a.say('Fetching...');
    const pa = a.progress('Copying the source image', 100 * MiB);
    const pb = b.progress('Decompressing the source image (xz)', 50 * MiB);
    pa.update(40 * MiB);
    pb.update(10 * MiB);
    b.message('a line while both bars are up');
    let view = screen(out.text);
    expect(view.slice(0, 2)).toEqual(['==> chroot.a: Fetching...', '    chroot.b: a line while both bars are up']);
    expect(view[2]).toMatch(/^ {4}chroot\.a: Copying the source image \[/);
    expect(view[3]).toMatch(/^ {4}chroot\.b: Decompressing the source image \(xz\) \[/);
    expect(view).toHaveLength(4);
    // A second progress of the same build replaces its bar; done leaves one closing line in the log.
    pa.done();
    view = screen(out.text);
    expect(view[2]).toMatch(/^ {4}chroot\.a: Copying the source image: done, 100\.0 MiB in /);
    expect(view[3]).toMatch(/chroot\.b: Decompressing/);
    pb.stop();
    view = screen(out.text);
    expect(view.filter(Boolean)).toHaveLength(3);
    // In place: the bars were erased with cursor moves, not pushed down the log.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes (ESC) are what this checks
    expect(out.text).toMatch(/\r\x1b\[1A\x1b\[J/);
  });

  it('bars are cut to the terminal width (a wrapped bar would break the redraw)', () => {
    const out = fakeTerminal(40);
    const ui = humanUi('chroot.a-long-build-name', out, out);
    const p = ui.progress('Writing the tar.zst artifact', 10 * MiB);
    const view = screen(out.text);
    expect(view[0]!.length).toBeLessThanOrEqual(39);
    expect(view[0]).toMatch(/…$/);
    p.stop();
  });

  it('off a terminal: no bar, no escape codes; periodic lines instead', async () => {
    const out = fakeTerminal();
    out.isTTY = false;
    const ui = humanUi('chroot.ci', out, out);
    const p = ui.progress('Copying the source image', MiB);
    p.update(MiB);
    p.done();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes (ESC) are what this checks
    expect(out.text).not.toMatch(/\x1b|\r/);
    expect(out.text).toMatch(/^ {4}chroot\.ci: Copying the source image: done, 1\.0 MiB in /);
  });
});
