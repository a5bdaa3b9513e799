import { beforeAll, describe, expect, it } from 'vitest';
import { semanticTokens, SEMANTIC_LEGEND } from '../../../server/features/semantic-tokens.js';
import { initHclParser, parseHcl } from '../../../template/hcl/parse-hcl.js';

beforeAll(async () => {
  await initHclParser();
});

/** Decodes the relative encoding into [line, char, text, type]. */
function decode(text: string): Array<[number, number, string, string]> {
  const data = semanticTokens(parseHcl('/t/m.pkr.hcl', text)).data;
  const lines = text.split('\n');
  const out: Array<[number, number, string, string]> = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    char = data[i]! === 0 ? char + data[i + 1]! : data[i + 1]!;
    out.push([line, char, lines[line]!.slice(char, char + data[i + 2]!), SEMANTIC_LEGEND.tokenTypes[data[i + 3]!]!]);
  }
  return out;
}

describe('semantic tokens', () => {
  it('marks {{ }} actions and ${ } interpolations inside strings', () => {
    expect(decode('source "chroot" "b" {\n  mount_path = "/mnt/{{.Device}}-${var.x}"\n}\n')).toEqual([
      [1, 21, '{{', 'macro'],
      [1, 23, '.Device', 'property'],
      [1, 30, '}}', 'macro'],
      [1, 33, '${', 'macro'],
      [1, 35, 'var.x', 'variable'],
      [1, 40, '}', 'macro'],
    ]);
  });

  it('marks functions inside interpolations', () => {
    expect(decode('locals {\n  a = "${upper("x")}"\n}\n').map((t) => t[2])).toEqual(['${', 'upper', '}']);
  });
});
