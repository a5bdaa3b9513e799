import { beforeAll, describe, expect, it } from 'vitest';
import { semanticTokens, SEMANTIC_LEGEND } from '../../../server/features/semantic-tokens.js';
import { initTemplateEngine, parseSource } from '../../../template/analyze.js';

beforeAll(async () => {
  await initTemplateEngine();
});

/** Decodes the relative encoding into [line, char, text, type(+modifiers)]. */
function decode(text: string, path = '/t/m.pkr.hcl'): Array<[number, number, string, string]> {
  const data = semanticTokens(parseSource({ path, text })).data;
  const lines = text.split('\n');
  const out: Array<[number, number, string, string]> = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    char = data[i]! === 0 ? char + data[i + 1]! : data[i + 1]!;
    const modifiers = SEMANTIC_LEGEND.tokenModifiers.filter((_, bit) => data[i + 4]! & (1 << bit));
    const type = [SEMANTIC_LEGEND.tokenTypes[data[i + 3]!]!, ...modifiers].join('.');
    out.push([line, char, lines[line]!.slice(char, char + data[i + 2]!), type]);
  }
  return out;
}

describe('semantic tokens', () => {
  it('uses only the standard token types and modifiers of LSP', () => {
    const standard = [
      'namespace',
      'type',
      'class',
      'enum',
      'interface',
      'struct',
      'typeParameter',
      'parameter',
      'variable',
      'property',
      'enumMember',
      'event',
      'function',
      'method',
      'macro',
      'keyword',
      'modifier',
      'comment',
      'string',
      'number',
      'regexp',
      'operator',
    ];
    expect(standard).toEqual(expect.arrayContaining(SEMANTIC_LEGEND.tokenTypes));
    expect(['declaration', 'definition', 'readonly', 'defaultLibrary']).toEqual(
      expect.arrayContaining(SEMANTIC_LEGEND.tokenModifiers),
    );
  });

  it('covers keywords, labels, attribute names, strings, numbers, comments and references', () => {
    const text = `# built nightly
variable "image" {
  default = "a.img" /* the base */
}
locals {
  out = upper(var.image)
}
source "chroot" "base" {
  image_size   = 2048
  from_scratch = true
}
`;
    expect(decode(text)).toEqual([
      [0, 0, '# built nightly', 'comment'],
      [1, 0, 'variable', 'keyword'],
      [1, 9, '"image"', 'variable.declaration.readonly'],
      [2, 2, 'default', 'property'],
      [2, 10, '=', 'operator'],
      [2, 12, '"a.img"', 'string'],
      [2, 20, '/* the base */', 'comment'],
      [4, 0, 'locals', 'keyword'],
      [5, 2, 'out', 'variable.declaration.readonly'],
      [5, 6, '=', 'operator'],
      [5, 8, 'upper', 'function.defaultLibrary'],
      [5, 14, 'var', 'namespace'],
      [5, 18, 'image', 'variable.readonly'],
      [7, 0, 'source', 'keyword'],
      [7, 7, '"chroot"', 'type'],
      [7, 16, '"base"', 'class.declaration'],
      [8, 2, 'image_size', 'property'],
      [8, 15, '=', 'operator'],
      [8, 17, '2048', 'number'],
      [9, 2, 'from_scratch', 'property'],
      [9, 15, '=', 'operator'],
      [9, 17, 'true', 'keyword'],
    ]);
  });

  it('marks {{ }} actions and ${ } interpolations inside strings', () => {
    expect(decode('source "chroot" "b" {\n  mount_path = "/mnt/{{.Device}}-${var.x}"\n}\n').slice(5)).toEqual([
      [1, 15, '"/mnt/', 'string'],
      [1, 21, '{{', 'macro'],
      [1, 23, '.Device', 'property'],
      [1, 30, '}}', 'macro'],
      [1, 32, '-', 'string'],
      [1, 33, '${', 'macro'],
      [1, 35, 'var', 'namespace'],
      [1, 39, 'x', 'variable.readonly'],
      [1, 40, '}', 'macro'],
      [1, 41, '"', 'string'],
    ]);
  });

  it('splits a multi-line string or comment into one token per line', () => {
    const tokens = decode('/* one\ntwo */\nlocals {\n  a = <<EOF\nx\nEOF\n}\n');
    expect(tokens.slice(0, 2)).toEqual([
      [0, 0, '/* one', 'comment'],
      [1, 0, 'two */', 'comment'],
    ]);
    expect(tokens.filter((t) => t[3] === 'string').map((t) => t[2])).toEqual(['<<EOF', 'x', 'EOF']);
  });

  it('marks keys, strings and {{ }} in a legacy JSON template', () => {
    const tokens = decode('{"builders": [{"type": "chroot", "mount_path": "/mnt/{{.Device}}", "n": 5}]}', '/t/x.json');
    expect(tokens.map((t) => `${t[2]}:${t[3]}`)).toEqual([
      '"builders":property',
      '"type":property',
      '"chroot":string',
      '"mount_path":property',
      '"/mnt/:string',
      '{{:macro',
      '.Device:property',
      '}}:macro',
      '":string',
      '"n":property',
      '5:number',
    ]);
  });
});
