import { describe, expect, it } from 'vitest';
import { toLspDiagnostics } from '../../server/diagnostics.js';
import { DEFAULT_SETTINGS, readSettings } from '../../server/settings.js';
import type { Diagnostic } from '../../template/model.js';

const D = (code: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  file: '/t',
  code,
  severity,
  message: code,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  data: { suggestions: ['x'] },
});

describe('settings', () => {
  it('reads the section itself or wrapped, and ignores malformed entries', () => {
    expect(readSettings({ chrootforge: { validate: false, rules: { a: 'warning', b: 'loud' } } })).toEqual({
      validate: false,
      rules: { a: 'warning' },
    });
    expect(readSettings({ validation: { enable: false } }).validate).toBe(false);
    expect(readSettings('nonsense')).toEqual(DEFAULT_SETTINGS);
  });

  it('applies severity overrides, off, and validation off; keeps code and data for quick fixes', () => {
    const settings = readSettings({ rules: { a: 'hint', b: 'off' } });
    const out = toLspDiagnostics([D('a'), D('b'), D('c', 'warning')], settings);
    expect(out.map((d) => [d.code, d.severity])).toEqual([
      ['a', 4],
      ['c', 2],
    ]);
    expect(out[0]!.data).toEqual({ code: 'a', suggestions: ['x'] });
    expect(toLspDiagnostics([D('a')], { validate: false, rules: {} })).toEqual([]);
  });
});
