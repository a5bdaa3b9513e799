import { describe, expect, it } from 'vitest';
import { RenderError } from '../../template/interpolation/render-error.js';
import { renderGoTemplate, type RenderOptions } from '../../template/interpolation/render-go-template.js';
import { formatGoTime } from '../../template/interpolation/go-time-layout.js';
import { formatStrftime } from '../../template/interpolation/strftime.js';

// 2026-11-25 20:38:49.871 UTC, a Wednesday, day 329 (the instant the Packer reference run used).
const now = new Date(Date.UTC(2026, 10, 25, 20, 38, 49, 871));
const functions = {
  now,
  userVariables: new Map([
    ['name', 'base'],
    ['arch', 'arm64'],
  ]),
  env: { HOME: '/root' },
  templateDir: '/srv/tpl',
  cwd: '/work',
  buildName: 'pi',
  buildType: 'chroot',
  uuid: () => '00000000-1111-2222-3333-444444444444',
};
const render = (text: string, options: RenderOptions = {}) => renderGoTemplate(text, { functions, ...options });

function renderError(text: string, options: RenderOptions = {}): RenderError {
  try {
    render(text, options);
  } catch (err) {
    if (err instanceof RenderError) return err;
    throw err;
  }
  throw new Error(`rendering ${text} did not fail`);
}

describe('renderGoTemplate: data', () => {
  it('substitutes the field data', () => {
    expect(render('mount {{.Device}} {{ .MountPath }}', { data: { Device: '/dev/loop3', MountPath: '/mnt/x' } })).toBe(
      'mount /dev/loop3 /mnt/x',
    );
  });
  it('returns text without actions unchanged', () => {
    expect(render('no actions { here }')).toBe('no actions { here }');
  });
  it('fails on data not given, naming what exists', () => {
    const err = renderError('{{ .MountPath }}', { data: { Device: 'loop3' } });
    expect(err.code).toBe('unknown-data');
    expect(err.message).toBe('no data .MountPath here (available: .Device)');
    expect(err.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 16 } });
  });
  it('keeps actions on data not given verbatim with keepUnknownData', () => {
    const text = 'a {{ .Device | upper }} {{- .X -}} b {{ user `name` }} {{ build `MountPath` }}';
    expect(render(text, { keepUnknownData: true })).toBe(
      'a {{ .Device | upper }}{{- .X -}}b base {{ build `MountPath` }}',
    );
  });
  it('keeps a whole if-block whose condition needs unknown data', () => {
    expect(render('{{if .Device}}x{{else}}y{{end}}!', { keepUnknownData: true })).toBe(
      '{{if .Device}}x{{else}}y{{end}}!',
    );
  });
  it('reads shared build data with build', () => {
    expect(render('{{ build `MountPath` }}', { buildData: { MountPath: '/mnt/y' } })).toBe('/mnt/y');
    expect(renderError('{{ build `Nope` }}', { buildData: { MountPath: '/m' } }).message).toBe(
      'no build data Nope here (available: MountPath)',
    );
  });
  it('renders text.Command inside a wrapper', () => {
    expect(render('sudo {{.Command}}', { data: { Command: 'ls -l' } })).toBe('sudo ls -l');
  });
});

describe('renderGoTemplate: control, comments, trim markers, variables', () => {
  it('renders if / else if / else', () => {
    const t = '{{if eq .A `1`}}one{{else if eq .A `2`}}two{{else}}many{{end}}';
    expect(['1', '2', '3'].map((A) => render(t, { data: { A } }))).toEqual(['one', 'two', 'many']);
  });
  it('renders with, binding dot', () => {
    expect(render('{{with .A}}[{{.}}]{{end}}{{with .B}}no{{end}}', { data: { A: 'x', B: '' } })).toBe('[x]');
  });
  it('trims whitespace at trim markers and drops comments', () => {
    expect(render('a  \n {{- /* c */ -}} \n b {{- "x" }}')).toBe('abx');
  });
  it('declares and reads $variables', () => {
    expect(render('{{ $n := user `name` }}{{ $n }}-{{ $n | upper }}')).toBe('base-BASE');
  });
  it('rejects range (template data is text)', () => {
    expect(renderError('{{range .A}}x{{end}}', { data: { A: 'x' } }).code).toBe('unsupported');
  });
  it('reports syntax errors as RenderError with the position', () => {
    const err = renderError('ok {{ .A');
    expect(err.code).toBe('syntax');
    expect(err.message).toBe('template: unclosed action');
    expect(err.range?.start).toEqual({ line: 0, character: 3 });
  });
  it('is an Error without a stack in its message', () => {
    const err = renderError('{{ nope }}');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RenderError');
    expect(err.message).toBe('function "nope" not defined');
  });
});

describe('renderGoTemplate: Packer functions', () => {
  it.each([
    ['{{user `name`}}', 'base'],
    ['{{timestamp}}', '1795639129'],
    ['{{isotime}}', '2026-11-25T20:38:49Z'],
    ['{{isotime `2006-01-02`}}', '2026-11-25'],
    ['{{strftime `%Y%m%d-%H%M`}}', '20261125-2038'],
    ['{{uuid}}', '00000000-1111-2222-3333-444444444444'],
    ['{{build_name}}/{{build_type}}', 'pi/chroot'],
    ['{{template_dir}} {{pwd}}', '/srv/tpl /work'],
    ['{{packer_version}}', '1.6.6'],
    ['{{split `a-b-c` `-` 2}}', 'c'],
    ['{{split `héllo` `` 1}}', 'é'],
    ['{{replace `a` `b` 2 `aaa`}}', 'bba'],
    ['{{replace `a` `b` -1 `aaa`}}', 'bbb'],
    ['{{replace `` `-` 2 `ab`}}', '-a-b'],
    ['{{replace_all `.` `_` `1.2.3`}}', '1_2_3'],
    ['{{ `MiXed` | upper }} {{ lower `MiXed` }}', 'MIXED mixed'],
    ['{{ upper `straße` }}', 'STRAßE'],
    ['{{clean_resource_name `my image: v1*`}}', 'my image- v1-'],
    ['{{ printf `%s-%d` (user `arch`) 3 }}', 'arm64-3'],
    ['{{ if and (ne 1 2) (not false) }}y{{ end }}', 'y'],
    ['{{ len `héllo` }}', '6'],
  ])('%s → %s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it('env works only while rendering variables', () => {
    expect(render('{{env `HOME`}}{{env `UNSET`}}', { functions: { ...functions, enableEnv: true } })).toBe('/root');
    const err = renderError('{{env `HOME`}}');
    expect(err.code).toBe('not-available');
    expect(err.message).toBe('error calling env: env vars are not allowed here');
  });

  it('explains an out-of-range split as Packer does', () => {
    expect(renderError('{{split `a,b` `,` 5}}').message).toBe(
      'error calling split: the substring 5 was unavailable using the separator value, ,, only 2 values were found',
    );
  });

  it('checks argument count and types with Go wording', () => {
    expect(renderError('{{timestamp 1}}').message).toBe('wrong number of args for timestamp: want 0 got 1');
    expect(renderError('{{upper 1}}').message).toBe('upper: expected string; found 1');
    expect(renderError('{{split `a` `,` `0`}}').code).toBe('arguments');
  });

  it('fails on sed, secrets and missing context', () => {
    expect(renderError('{{sed `s/a/b/` `a`}}').code).toBe('deprecated');
    expect(renderError('{{vault `p` `k`}}').code).toBe('unsupported');
    expect(renderError('{{build_name}}', { functions: { now } }).message).toBe(
      'error calling build_name: build_name not available',
    );
    expect(renderError('{{user `nope`}}').code).toBe('unset-variable');
  });

  it('makes time-ordered UUIDs by default', () => {
    const id = renderGoTemplate('{{uuid}}', { functions: { now } });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(id.slice(0, 8)).toBe(Math.floor(now.getTime() / 1000).toString(16));
  });
});

describe('formatGoTime (isotime layouts)', () => {
  it('formats every layout element as Packer 1.6.6 printed it', () => {
    // Reference output of `packer build` (null builder, shell-local echo) at this instant.
    expect(formatGoTime(now, '2006-01-02T15:04:05.000Z07:00 Mon Jan _2 __2 002 3:4:5 PM pm MST -0700 Z07 .999')).toBe(
      '2026-11-25T20:38:49.871Z Wed Nov 25 329 329 8:38:49 PM pm UTC +0000 Z .871',
    );
  });
  it('formats long names, 12-hour clock, two-digit year and plain text', () => {
    const morning = new Date(Date.UTC(2024, 1, 5, 0, 7, 3, 50));
    expect(formatGoTime(morning, 'Monday January 2 06 03:04:05 pm Janet _2006 .000 .999 ,000')).toBe(
      'Monday February 5 24 12:07:03 am Janet _2024 .050 .05 ,050',
    );
  });
});

describe('formatStrftime', () => {
  it('formats the directives go-strftime knows, as Packer 1.6.6 printed them', () => {
    expect(formatStrftime(now, '%Y-%m-%d %H:%M:%S %a %A %b %B %y %p %Z %z %j %f %L %% %e %I')).toBe(
      '2026-11-25 20:38:49 Wed Wednesday Nov November 26 PM UTC +0000 %j %f .871 % %e 08',
    );
  });
  it('leaves Go layout words in the text alone', () => {
    expect(formatStrftime(now, '2006 Mon %Y')).toBe('2006 Mon 2026');
  });
});
