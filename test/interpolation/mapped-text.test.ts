import { describe, expect, it } from 'vitest';
import { decode, HOLE, mapPlainText, mapTemplateExpr, rangeOf } from '../../template/interpolation/mapped-text.js';
import type { TemplateExpr } from '../../template/model.js';
import { jsonStringAt, jsonValue, rangeOfText } from './helpers.js';

describe('decode', () => {
  it('decodes JSON escapes', () => {
    expect(decode('a\\"b\\\\c\\n\\t\\u00e9\\/', 'json')).toBe('a"b\\c\n\té/');
  });
  it('decodes HCL escapes and $${ / %%{', () => {
    expect(decode('\\"x\\" $${a} %%{b} \\U0001F600', 'hcl')).toBe('"x" ${a} %{b} 😀');
  });
  it('leaves backslashes alone in heredocs', () => {
    expect(decode('a\\nb $${c}', 'hcl-heredoc')).toBe('a\\nb ${c}');
  });
  it('keeps an unknown or short escape as written', () => {
    expect(decode('\\q\\u12', 'json')).toBe('\\q\\u12');
  });
});

describe('mapTemplateExpr', () => {
  it('maps each decoded unit of a JSON string to its raw position', () => {
    const doc = '{"v": "{{user \\"x\\"}}"}';
    const map = mapTemplateExpr(jsonStringAt(doc, 'v'), 'json');
    expect(map.text).toBe('{{user "x"}}');
    // The decoded `"x"` spans the raw `\"x\"`.
    const start = map.text.indexOf('"x"');
    expect(rangeOf(map, start, start + 3)).toEqual(rangeOfText(doc, '\\"x\\"'));
  });

  it('counts UTF-16 code units for characters outside the BMP', () => {
    const doc = '{"v": "😀{{.Device}}"}';
    const map = mapTemplateExpr(jsonStringAt(doc, 'v'), 'json');
    const at = map.text.indexOf('.Device');
    expect(rangeOf(map, at, at + 7)).toEqual(rangeOfText(doc, '.Device'));
    expect(rangeOf(map, at, at + 7).start.character).toBe(11);
  });

  it('maps a \\u escape to its six raw characters', () => {
    const map = mapTemplateExpr(jsonValue('\\u00e9{{x}}'), 'json');
    expect(map.text).toBe('é{{x}}');
    expect(rangeOf(map, 0, 1)).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 13 } });
  });

  it('follows raw text across lines (heredoc) and CRLF', () => {
    const raw = 'a\r\n  {{ .Device }}\nb';
    const expr: TemplateExpr = {
      type: 'template',
      heredoc: true,
      range: { start: { line: 4, character: 0 }, end: { line: 7, character: 3 } },
      parts: [
        {
          kind: 'literal',
          raw,
          value: raw,
          range: { start: { line: 5, character: 0 }, end: { line: 7, character: 1 } },
        },
      ],
    };
    const map = mapTemplateExpr(expr, 'hcl');
    const at = map.text.indexOf('.Device');
    expect(rangeOf(map, at, at + 7)).toEqual({ start: { line: 6, character: 5 }, end: { line: 6, character: 12 } });
    expect(map.end).toEqual({ line: 7, character: 1 });
  });

  it('stands a HOLE in for an HCL interpolation spanning ${ … }', () => {
    const expr: TemplateExpr = {
      type: 'template',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 20 } },
      parts: [
        {
          kind: 'literal',
          raw: 'a',
          value: 'a',
          range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } },
        },
        {
          kind: 'interpolation',
          expr: { type: 'invalid', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } } },
          range: { start: { line: 0, character: 2 }, end: { line: 0, character: 12 } },
        },
        {
          kind: 'literal',
          raw: 'b',
          value: 'b',
          range: { start: { line: 0, character: 12 }, end: { line: 0, character: 13 } },
        },
      ],
    };
    const map = mapTemplateExpr(expr, 'hcl');
    expect(map.text).toBe(`a${HOLE}b`);
    expect(rangeOf(map, 1, 2)).toEqual({ start: { line: 0, character: 2 }, end: { line: 0, character: 12 } });
  });

  it('aligns a value that lost characters (a <<- heredoc indent) with its raw text', () => {
    const raw = '    x {{.Device}}\n    y';
    const expr: TemplateExpr = {
      type: 'template',
      heredoc: true,
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 3 } },
      parts: [
        {
          kind: 'literal',
          raw,
          value: 'x {{.Device}}\ny',
          range: { start: { line: 1, character: 0 }, end: { line: 2, character: 5 } },
        },
      ],
    };
    const map = mapTemplateExpr(expr, 'hcl');
    expect(map.text).toBe('x {{.Device}}\ny');
    const at = map.text.indexOf('.Device');
    expect(rangeOf(map, at, at + 7)).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 15 } });
    expect(rangeOf(map, map.text.length - 1, map.text.length)).toEqual({
      start: { line: 2, character: 4 },
      end: { line: 2, character: 5 },
    });
  });

  it('keeps ranges inside the piece when the value is not derivable from raw', () => {
    const expr: TemplateExpr = {
      type: 'template',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } },
      parts: [
        {
          kind: 'literal',
          raw: 'abcd',
          value: 'zz',
          range: { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } },
        },
      ],
    };
    const map = mapTemplateExpr(expr, 'json');
    expect(map.text).toBe('zz');
    expect(rangeOf(map, 0, 2)).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 3 } });
  });
});

describe('mapPlainText', () => {
  it('starts where told and gives empty ranges at the end', () => {
    const map = mapPlainText('ab\ncd', { line: 2, character: 4 });
    expect(rangeOf(map, 3, 5)).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 2 } });
    expect(rangeOf(map, 5, 5)).toEqual({ start: { line: 3, character: 2 }, end: { line: 3, character: 2 } });
  });
});
