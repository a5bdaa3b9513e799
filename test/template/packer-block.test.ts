/**
 * `packer { required_version, required_plugins { NAME = { version, source } } }`
 * as Packer 1.12 reads it: go-version constraint syntax, plugin source
 * addresses and local names, with Packer's messages, each at the text at fault.
 */
import { describe, expect, it } from 'vitest';
import { parsePluginPart, parsePluginSource } from '../../template/plugins/plugin-source.js';
import { parseVersionConstraint } from '../../template/plugins/version-constraint.js';
import { analyzeFiles, errors, rangeOf } from '../support/analyze-text.js';

const BUILD = `
source "chroot" "x" {
  source_image = "https://example.invalid/x.img"
}
build {
  sources = ["source.chroot.x"]
}
`;

async function check(packer: string) {
  const text = `${packer}\n${BUILD}`;
  return { text, analysis: await analyzeFiles({ 't.pkr.hcl': text }) };
}

describe('go-version constraints (hashicorp/go-version v1.6.0 NewConstraint)', () => {
  it('accepts what Packer accepts', () => {
    for (const text of [
      '>= 1.2.0',
      '>= 1.2.0, < 2.0.0',
      '~> 1.2',
      '1.2.3',
      '= v1.0.0',
      '!=1.3',
      ' >=1.0 ,<= 2 ',
      '>= 1.14.0-beta1',
      '1.2.3+meta.1',
      '1.0.0-rc.1',
    ]) {
      expect(parseVersionConstraint(text), text).toMatchObject({ ok: true });
    }
  });
  it('rejects what go-version rejects, with its error text', () => {
    expect(parseVersionConstraint('>== 1.0')).toEqual({ ok: false, error: 'Malformed constraint: >== 1.0' });
    expect(parseVersionConstraint('>= 1.0,')).toEqual({ ok: false, error: 'Malformed constraint: ' });
    expect(parseVersionConstraint('latest')).toEqual({ ok: false, error: 'Malformed constraint: latest' });
    expect(parseVersionConstraint('>= 1.x')).toMatchObject({ ok: false });
    expect(parseVersionConstraint('=> 1.0')).toMatchObject({ ok: false });
    expect(parseVersionConstraint('99999999999999999999')).toEqual({
      ok: false,
      error: 'Error parsing version: strconv.ParseInt: parsing "99999999999999999999": value out of range',
    });
  });
  it('tells pre-releases apart', () => {
    const parsed = parseVersionConstraint('>= 1.0.0-beta1, < 2');
    expect(parsed.ok && parsed.parts.map((p) => p.prerelease)).toEqual(['beta1', '']);
  });
});

describe('plugin addresses (hcl2template/addrs)', () => {
  it('reads HOST/NAMESPACE/NAME and names the plugin by its last part', () => {
    expect(parsePluginSource('github.com/hashicorp/amazon')).toEqual({ ok: true, name: 'amazon' });
    expect(parsePluginSource('github.com/solo-io/arm-image')).toEqual({ ok: true, name: 'arm-image' });
    expect(parsePluginSource('example.com/a/b/c')).toEqual({ ok: true, name: 'c' });
  });
  it('lists every problem of an address as Packer does', () => {
    const parsed = parsePluginSource('https://github.com/hashicorp/amazon?x=1');
    expect(parsed.ok).toBe(false);
    const error = parsed.ok ? '' : parsed.error;
    expect(error).toContain('The provided source URL is invalid.');
    expect(error).toContain('* A source URL must not contain a scheme (e.g. https://).');
    expect(error).toContain('* A source URL must not contain a query (e.g. ?var=val)');
    expect(error).toContain('A valid source looks like "github.com/hashicorp/happycloud"');
    expect(parsePluginSource('hashicorp/amazon')).toMatchObject({
      ok: false,
      error: expect.stringContaining('A source URL must at least contain a host and a path with 2 components'),
    });
  });
  it('rejects the packer-plugin- prefix with a suggestion that is itself valid', () => {
    const parsed = parsePluginSource('github.com/hashicorp/packer-plugin-amazon');
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('Did you mean "amazon"?') });
    expect(parsePluginSource('github.com/hashicorp/amazon')).toMatchObject({ ok: true });
    expect(parsePluginSource('github.com/x/packer-thing')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Ex: "thing"'),
    });
  });
  it('normalizes local names: lower case, letters, digits and dashes', () => {
    expect(parsePluginPart('amazon')).toEqual({ ok: true, normalized: 'amazon' });
    expect(parsePluginPart('Amazon')).toEqual({ ok: true, normalized: 'amazon' });
    expect(parsePluginPart('arm_image')).toEqual({
      ok: false,
      error:
        'must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: disallowed rune U+005F',
    });
    expect(parsePluginPart('a--b')).toEqual({ ok: false, error: 'cannot use multiple consecutive dashes' });
    expect(parsePluginPart('-a')).toMatchObject({ ok: false });
  });
});

describe('the packer block in a template', () => {
  it('accepts required_version and required_plugins as real templates write them', async () => {
    const { analysis } = await check(`packer {
  required_version = ">= 1.7.0"
  required_plugins {
    amazon = {
      version = ">= 1.2.0"
      source  = "github.com/hashicorp/amazon"
    }
    happycloud = {
      version = "~> 1.0"
      source  = "github.com/michalfita/cross"
    }
  }
}`);
    expect(errors(analysis)).toEqual([]);
  });
  it('marks a malformed required_version with go-version’s reason', async () => {
    const { text, analysis } = await check('packer {\n  required_version = ">== 1.7"\n}');
    const [d] = errors(analysis);
    expect(d).toMatchObject({ code: 'invalid-version-constraint', range: rangeOf(text, '">== 1.7"') });
    expect(d!.message).toContain('Malformed constraint: >== 1.7');
  });
  it('marks a plugin version that is malformed or a pre-release', async () => {
    const { text, analysis } = await check(`packer {
  required_plugins {
    amazon = { version = "1.2.0-beta", source = "github.com/hashicorp/amazon" }
    qemu = { version = "> = 1", source = "github.com/hashicorp/qemu" }
  }
}`);
    const found = errors(analysis);
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-version-constraint', rangeOf(text, '"1.2.0-beta"')],
      ['invalid-version-constraint', rangeOf(text, '"> = 1"')],
    ]);
    expect(found[0]!.message).toContain('Unsupported prerelease for constraint "1.2.0-beta"');
  });
  it('marks a source Packer cannot parse, and a missing version or source, with Packer’s summaries', async () => {
    const { text, analysis } = await check(`packer {
  required_plugins {
    amazon = { version = ">= 1", source = "github.com/hashicorp/packer-plugin-amazon" }
    qemu = { source = "github.com/hashicorp/qemu" }
    ansible = { version = ">= 1" }
  }
}`);
    const found = errors(analysis);
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-plugin-source', rangeOf(text, '"github.com/hashicorp/packer-plugin-amazon"')],
      ['invalid-plugin-requirement', rangeOf(text, '{ source = "github.com/hashicorp/qemu" }')],
      ['invalid-plugin-requirement', rangeOf(text, '{ version = ">= 1" }')],
    ]);
    expect(found[0]!.message).toMatch(/^Failed to parse source: Plugin source has a type with the prefix/);
    expect(found[0]!.message).toContain('Did you mean "amazon"?');
    expect(found[1]!.message).toMatch(/^No version constraint was set/);
    expect(found[2]!.message).toMatch(/^No source was set/);
  });
  it('marks a requirement written as a bare string, and a local name that is not normalized', async () => {
    const { text, analysis } = await check(`packer {
  required_plugins {
    amazon = ">= 1.0"
    Qemu = { version = ">= 1", source = "github.com/hashicorp/qemu" }
  }
}`);
    const found = errors(analysis);
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-plugin-requirement', rangeOf(text, 'amazon = ">= 1.0"')],
      ['invalid-plugin-requirement', rangeOf(text, 'Qemu')],
    ]);
    expect(found[0]!.message).toContain('plugin requirement calls are not possible');
    expect(found[1]!.message).toContain('Replace "Qemu" with "qemu"');
  });
  it('reports an unknown key of an entry, with a did-you-mean', async () => {
    const { text, analysis } = await check(`packer {
  required_plugins {
    amazon = { version = ">= 1", source = "github.com/hashicorp/amazon", sorce = "x" }
  }
}`);
    const [d] = errors(analysis);
    expect(d).toMatchObject({ code: 'unknown-field', range: rangeOf(text, 'sorce') });
    expect(d!.message).toContain('Did you mean "source"?');
  });
  it('reads literals only: variables and functions are not allowed there', async () => {
    const { text, analysis } = await check(`variable "v" {
  default = ">= 1"
}
packer {
  required_version = var.v
  required_plugins {
    amazon = { version = lower(">= 1"), source = "github.com/hashicorp/amazon" }
  }
}`);
    const found = errors(analysis);
    const step = rangeOf(text, 'var.v');
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['invalid-reference', { start: { ...step.start, character: step.end.character - 1 }, end: step.end }],
      ['function-not-allowed', rangeOf(text, 'lower')],
    ]);
    expect(found[0]!.message).toContain('the packer block');
  });
});
