/** Packer-style UI lines, machine-readable CSV, and the timing table. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colorsWanted } from '../../runner/ui/colors.js';
import { humanCommandUi } from '../../runner/ui/command-ui.js';
import { formatTimingTable } from '../../runner/ui/timing-table.js';
import { escapeMachineField, humanUi, machineReadableUi } from '../../runner/ui/ui.js';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _e, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

describe('ui', () => {
  it('human lines follow Packer', () => {
    const out = sink();
    const ui = humanUi('chroot.base', out, out);
    ui.say('Mounting the root device...');
    ui.message('output line');
    ui.event('ignored', 'x');
    expect(out.text).toBe('==> chroot.base: Mounting the root device...\n    chroot.base: output line\n');
  });

  it("machine-readable: Packer's timestamp,target,type,data; ui lines without a target, commas and newlines escaped", () => {
    const out = sink();
    const ui = machineReadableUi('chroot.base', out, () => new Date(1_700_000_000_000));
    ui.say('a, b');
    ui.event('timing', 'mount-root', '0.040');
    ui.message('two\nlines');
    ui.error('bad\r');
    // Packer's TargetedUI prefixes every line, then MachineReadableUi escapes.
    expect(out.text.split('\n').filter(Boolean)).toEqual([
      '1700000000,,ui,say,==> chroot.base: a%!(PACKER_COMMA) b',
      '1700000000,chroot.base,timing,mount-root,0.040',
      '1700000000,,ui,message,    chroot.base: two\\n    chroot.base: lines',
      '1700000000,,ui,error,==> chroot.base: bad\\r',
    ]);
    expect(escapeMachineField('x,y\nz')).toBe('x%!(PACKER_COMMA)y\\nz');
  });

  it("colours as Packer's, only where wanted", () => {
    const tty = { isTTY: true };
    expect(colorsWanted(tty, {})).toBe(true);
    expect(colorsWanted({ isTTY: false }, {})).toBe(false);
    expect(colorsWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorsWanted(tty, { PACKER_NO_COLOR: '1' })).toBe(false);
    expect(colorsWanted(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorsWanted(tty, {}, false)).toBe(false);
    expect(colorsWanted({ isTTY: false }, {}, true)).toBe(true);
    const out = sink();
    const ui = humanCommandUi({ out, err: out, color: true });
    ui.forBuild('chroot.a', 0).say('one');
    ui.forBuild('chroot.b', 1).message('two');
    ui.forBuild('chroot.b', 1).error('three');
    ui.say("Build 'chroot.b' finished after 1 second.", 1);
    ui.say('\n==> Wait completed after 1 second');
    expect(out.text.split('\n')).toEqual([
      '\x1b[1;32m==> chroot.a: one\x1b[0m',
      '\x1b[0;36m    chroot.b: two\x1b[0m',
      '\x1b[1;31m==> chroot.b: three\x1b[0m',
      "\x1b[1;36mBuild 'chroot.b' finished after 1 second.\x1b[0m",
      '',
      '==> Wait completed after 1 second',
      '',
    ]);
  });

  it('the timing table aligns names and sums the total', () => {
    const rows = formatTimingTable([
      { name: 'attach-loop-device', runMs: 350, cleanupMs: 20, outcome: 'ok' },
      { name: 'provision', runMs: 1250, outcome: 'ok' },
    ]);
    expect(rows).toEqual([
      'attach-loop-device     0.35s  cleanup    0.02s',
      'provision              1.25s',
      'total                  1.62s',
    ]);
  });
});
