/** Pure helpers: mountinfo parsing, Packer's env var quoting, template rendering, shell quoting. */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAtOrUnder, mountsUnder, parseMountinfo } from '../../runner/chroot/mountinfo.js';
import { environmentMap, flattenEnvVars } from '../../runner/provisioners/env-vars.js';
import { shellQuote } from '../../runner/process/shell-quote.js';
import { renderTemplate } from '../../runner/template/render.js';
import { parseBinfmtEntry } from '../../runner/steps/qemu-setup.js';

describe('mountinfo', () => {
  const text = [
    '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
    '40 22 7:0 / /mnt/with\\040space rw - ext4 /dev/loop0p1 rw',
    '41 40 0:5 / /mnt/with\\040space/proc rw - proc proc rw',
    '42 22 7:1 / /mnt/with rw - ext4 /dev/loop1 rw',
  ].join('\n');
  it('decodes \\040 and compares whole paths, not prefixes', () => {
    const mounts = parseMountinfo(text);
    expect(mounts[1]!.mountPoint).toBe('/mnt/with space');
    expect(mountsUnder('/mnt/with space', mounts)).toEqual(['/mnt/with space/proc', '/mnt/with space']);
    expect(mountsUnder('/mnt/with', mounts)).toEqual(['/mnt/with']);
    expect(isAtOrUnder('/mnt/x1', '/mnt/x')).toBe(false);
  });
});

describe('environment_vars', () => {
  it("sorted KEY='value' pairs with Packer variables", () => {
    expect(flattenEnvVars(environmentMap(["B=it's", 'A=$x'], 'chroot.base'))).toBe(
      `A='$x' B='it'"'"'s' PACKER_BUILDER_TYPE='chroot' PACKER_BUILD_NAME='base'`,
    );
    expect(() => environmentMap(['NOEQUALS'], 'chroot.x')).toThrow(/KEY=value/);
    expect(() => environmentMap(['1BAD=x'], 'chroot.x')).toThrow(/not a valid variable name/);
  });

  it('any value survives a real shell verbatim (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).filter((v) => !v.includes('\0')),
        (value) => {
          const out = execFileSync(
            '/bin/sh',
            ['-c', `${flattenEnvVars(environmentMap([`V=${value}`], 'chroot.t'))} /bin/sh -c 'printf %s "$V"'`],
            { encoding: 'utf8' },
          );
          return out === value;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('renderTemplate and shellQuote', () => {
  it('renders {{.Field}} and refuses unknown fields unless asked to keep them', () => {
    expect(renderTemplate('mount {{.Device}} {{ .MountPath }}', { Device: '/dev/loop0', MountPath: '/m' })).toBe(
      'mount /dev/loop0 /m',
    );
    expect(() => renderTemplate('echo {{.Nope}}', {})).toThrow(/"echo \{\{\.Nope\}\}": .*\.Nope/);
    expect(renderTemplate('{{ if .A }}yes{{ end }} {{build "A"}}', { A: 'a' })).toBe('yes a');
    expect(renderTemplate('{{.Nope}} {{.A}}', { A: 'a' }, true)).toBe('{{.Nope}} a');
  });
  it('shellQuote output is one word the shell does not expand', () => {
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote("a'b $HOME `x`")}`], { encoding: 'utf8' })).toBe(
      "a'b $HOME `x`",
    );
  });
});

describe('binfmt entries', () => {
  it('parses interpreter and flags', () => {
    const e = parseBinfmtEntry(
      'qemu-aarch64',
      'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\nmagic 7f454c46\n',
    );
    expect(e).toEqual({
      name: 'qemu-aarch64',
      enabled: true,
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
      flags: 'POCF',
    });
  });
});

describe('privilege hints', () => {
  it('names the container fix on EPERM-like failures only', async () => {
    const { withPrivilegeHint } = await import('../../runner/preflight.js');
    expect(withPrivilegeHint(new Error('mount: /x: permission denied.')).message).toMatch(
      /--privileged -v \/dev:\/dev/,
    );
    expect(withPrivilegeHint(new Error('losetup: cannot find an unused loop device')).message).toBe(
      'losetup: cannot find an unused loop device',
    );
  });
});
