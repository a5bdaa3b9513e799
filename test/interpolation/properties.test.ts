import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGoTemplate } from '../../template/interpolation/check-go-template.js';
import { parseGoTemplate, parseGoTemplateText } from '../../template/interpolation/parse-go-template.js';
import { RenderError } from '../../template/interpolation/render-error.js';
import { renderGoTemplate } from '../../template/interpolation/render-go-template.js';
import type { Position, Range } from '../../template/model.js';
import { jsonStringAt } from './helpers.js';

/** Strings made mostly of template syntax, so the parser's corners get visited. */
const templateish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '{{',
        '}}',
        '{{-',
        '-}}',
        ' ',
        '\n',
        '.',
        '.Device',
        'user',
        '`x`',
        '"y"',
        '\\',
        '\\"',
        '|',
        '(',
        ')',
        '$',
        ':=',
        '/*',
        '*/',
        'if',
        'else',
        'end',
        'range',
        '-',
        '1',
        '2.5',
        'é',
        '😀',
        '\u2028',
        "'",
        ',',
        '=',
      ),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 25 },
  )
  .map((pieces) => pieces.join(''));

const before = (a: Position, b: Position): boolean =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const inside = (r: Range, outer: Range): boolean =>
  before(outer.start, r.start) && before(r.start, r.end) && before(r.end, outer.end);

/** The range of the whole of `text` when it starts at 0:0. */
function extentOf(text: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines.at(-1)!.length } };
}

describe('properties', () => {
  it('parsing never throws and every range lies inside the text', () => {
    fc.assert(
      fc.property(templateish, (text) => {
        const t = parseGoTemplateText(text);
        const extent = extentOf(text);
        for (const node of t.nodes) expect(inside(node.range, extent)).toBe(true);
        for (const error of t.errors) expect(inside(error.range, extent)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('node offsets are in order and slice the text they came from', () => {
    fc.assert(
      fc.property(templateish, (text) => {
        let last = 0;
        for (const node of parseGoTemplateText(text).nodes) {
          expect(node.offset).toBeGreaterThanOrEqual(last);
          expect(node.end).toBeLessThanOrEqual(text.length);
          if (node.kind === 'text') expect(text.slice(node.offset, node.end)).toBe(node.text);
          last = node.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('checking a JSON string never throws and marks only inside the string', () => {
    fc.assert(
      fc.property(templateish, (value) => {
        const doc = `{\n  "v": ${JSON.stringify(value)}\n}`;
        const expr = jsonStringAt(doc, 'v');
        const t = parseGoTemplate(expr, 'json');
        expect(t.source.text).toBe(value);
        const diagnostics = checkGoTemplate(expr, {
          file: 'f',
          syntax: 'json',
          allowedData: ['Device'],
          inVariables: false,
          userVariables: new Set(['x']),
          field: 'v',
        });
        for (const d of diagnostics) expect(inside(d.range, expr.range)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('rendering fails only with RenderError', () => {
    fc.assert(
      fc.property(templateish, fc.boolean(), (text, keep) => {
        try {
          renderGoTemplate(text, { data: { Device: 'loop0' }, keepUnknownData: keep, functions: { now: new Date(0) } });
        } catch (err) {
          expect(err).toBeInstanceOf(RenderError);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('with keepUnknownData and no data, field-only templates come back unchanged', () => {
    const fieldTemplate = fc
      .array(
        fc.oneof(fc.constantFrom('{{.Device}}', '{{ .MountPath }}', '{{- .X -}}'), fc.stringMatching(/^[a-z /]{0,5}$/)),
        { maxLength: 8 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fieldTemplate, (text) => {
        const out = renderGoTemplate(text, { keepUnknownData: true });
        // Trim markers still trim the text around a kept action.
        if (!text.includes('-')) expect(out).toBe(text);
        else expect(out.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});
