/**
 * Which files make a configuration (template/configuration-files.ts), by
 * Packer's rules, and what the engine makes of each kind.
 */
import { describe, expect, it } from 'vitest';
import {
  CONFIGURATION_FILES_GLOB,
  configurationFileKind,
  configurationLanguage,
  directoryConfiguration,
  editorFileKind,
  isAutoVarFile,
  isFormattable,
  varFileOrder,
  varFileSyntax,
} from '../../template/configuration-files.js';
import { analyzeFiles, withCode } from '../support/analyze-text.js';

describe('file kinds', () => {
  it('by name, as Packer decides', () => {
    expect(
      ['a.pkr.hcl', 'a.pkr.json', 'a.pkrvars.hcl', 'x.auto.pkrvars.json', 'template.json', 'a.hcl', 'template'].map(
        configurationFileKind,
      ),
    ).toEqual(['hcl', 'hcl-json', 'vars', 'vars-json', 'legacy-json', 'legacy-json', 'legacy-json']);
  });

  it('a path names an HCL2 configuration when it is a directory or a .pkr.hcl/.pkr.json file; else legacy JSON', () => {
    expect(configurationLanguage('images', true)).toBe('hcl2');
    expect(configurationLanguage('images/a.pkr.hcl', false)).toBe('hcl2');
    expect(configurationLanguage('images/a.pkr.json', false)).toBe('hcl2');
    expect(configurationLanguage('images/a.json', false)).toBe('legacy');
    expect(configurationLanguage('images/a.hcl', false)).toBe('legacy');
  });

  it('var files: JSON for a legacy template, else by extension; other extensions cannot be guessed', () => {
    expect(varFileSyntax('v.hcl', 'hcl2')).toBe('hcl');
    expect(varFileSyntax('v.pkrvars.json', 'hcl2')).toBe('json');
    expect(varFileSyntax('v.txt', 'hcl2')).toBeUndefined();
    expect(varFileSyntax('v.txt', 'legacy')).toBe('json');
    expect(isAutoVarFile('/d/x.auto.pkrvars.hcl')).toBe(true);
    expect(isAutoVarFile('/d/x.auto.pkrvars.json')).toBe(true);
    expect(isAutoVarFile('/d/x.pkrvars.hcl')).toBe(false);
  });

  it('an editor takes any .json only when its text is a legacy template', () => {
    expect(editorFileKind('/p/package.json', '{"name": "x"}')).toBeUndefined();
    expect(editorFileKind('/p/t.json', '{"builders": []}')).toBe('legacy-json');
    expect(editorFileKind('/p/notes.txt', '{"builders": []}')).toBeUndefined();
    expect(editorFileKind('/p/t.pkr.json', '{}')).toBe('hcl-json');
  });

  it('packer fmt formats HCL only; the server watches every name a configuration can have', () => {
    expect(['a.pkr.hcl', 'a.pkrvars.hcl', 'a.pkr.json', 'a.json', 'a.hcl'].map(isFormattable)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(CONFIGURATION_FILES_GLOB).toBe('**/*.{pkr.hcl,pkrvars.hcl,json}');
  });
});

describe('a directory load', () => {
  it('takes .pkr.hcl then .pkr.json by name, and auto var files HCL then JSON by name', () => {
    const listing = [
      'z.pkr.hcl',
      'b.pkr.json',
      'a.pkr.hcl',
      'a.auto.pkrvars.json',
      'b.auto.pkrvars.hcl',
      'prod.pkrvars.hcl',
      'legacy.json',
      'README.md',
      'B.pkr.hcl',
    ];
    expect(directoryConfiguration(listing)).toEqual({
      // Go sorts names by byte: capitals first.
      templates: ['B.pkr.hcl', 'a.pkr.hcl', 'z.pkr.hcl', 'b.pkr.json'],
      autoVarFiles: ['b.auto.pkrvars.hcl', 'a.auto.pkrvars.json'],
    });
  });

  it('var files give values auto-loaded first (HCL, then JSON), then -var-file in the order given', () => {
    const files = ['/d/prod.json', '/d/a.auto.pkrvars.json', '/d/base.hcl', '/d/b.auto.pkrvars.hcl'];
    expect(varFileOrder(files, (f) => f)).toEqual([
      '/d/b.auto.pkrvars.hcl',
      '/d/a.auto.pkrvars.json',
      '/d/prod.json',
      '/d/base.hcl',
    ]);
  });
});

const TEMPLATE = `variable "size" {
  type = string
}

source "chroot" "x" {
  source_image = "a.img"
  image_size   = var.size
}

build {
  sources = ["source.chroot.x"]
}
`;

describe('the engine reads each kind in its syntax', () => {
  it('a JSON auto var file wins over an HCL one whatever their names (Packer loads HCL first)', async () => {
    const analysis = await analyzeFiles(
      { '/work/t.pkr.hcl': TEMPLATE },
      { varFiles: { '/work/a.auto.pkrvars.json': '{"size": "2G"}', '/work/b.auto.pkrvars.hcl': 'size = "lots"' } },
    );
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(analysis.evaluation.variables.get('size')?.value).toBe('2G');
  });

  it('a .pkr.json file is HCL2 in JSON syntax, not a legacy template: the rest of the directory stays HCL2', async () => {
    const analysis = await analyzeFiles(
      {
        '/work/t.pkr.hcl': TEMPLATE,
        '/work/more.pkr.json':
          '{"//": "generated", "variable": {"unit": {"default": "B"}}, "locals": {"x": "${var.size}${var.unit}"}}',
      },
      { vars: [['size', '2G']], existing: ['a.img'] },
    );
    expect(analysis.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([]);
    expect(analysis.config.sources.map((s) => s.name)).toEqual(['x']);
    expect(analysis.evaluation.locals.get('x')).toBe('2GB');
  });

  it('a legacy template named .pkr.json is refused as Packer refuses it, with the rename to make', async () => {
    const analysis = await analyzeFiles({
      '/work/t.pkr.json': '{"builders": [{"type": "chroot", "source_image": "a.img"}]}',
    });
    const [unknown] = withCode(analysis, 'unknown-block');
    expect(unknown?.message).toBe(
      'Extraneous JSON object property; No argument or block type is named "builders". Packer reads a .pkr.json file as HCL2 in JSON syntax: a legacy JSON template needs a name ending in .json only (e.g. template.json).',
    );
    expect(unknown?.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 11 } });
  });

  it("a .pkr.json with broken JSON reports the first fault, in HCL's words, and nothing more", async () => {
    const analysis = await analyzeFiles({ '/work/t.pkr.json': '{"variable": ' });
    expect(analysis.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['json-syntax', 'Missing value; The JSON data ends prematurely.'],
    ]);
  });

  it('a file given by another name is a legacy JSON template, and its first syntax error says why', async () => {
    const analysis = await analyzeFiles({ '/work/image.hcl': 'source "chroot" "x" {}\n' });
    expect(analysis.diagnostics[0]?.message).toBe(
      'Invalid symbol (a file not named *.pkr.hcl or *.pkr.json is read as a legacy JSON template, as Packer reads it)',
    );
    expect(withCode(analysis, 'build-without-sources')).toEqual([]);
  });
});
