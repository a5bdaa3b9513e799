/**
 * `*.pkr.json` into the model (template/json/parse-hcl-json.ts): blocks from
 * nested label objects and arrays as HCL's JSON syntax defines them, `"//"`
 * comments, strings as HCL templates whose every range lands on the JSON
 * text (through escapes), and HCL's messages at the JSON text they concern.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTemplateEngine, parseSource, parseVarFile } from '../../template/analyze.js';
import type { Block, Expr, ParsedFile, Range, TemplateExpr } from '../../template/model.js';
import { LineIndex } from '../../template/text/line-index.js';
import { rangeContains } from '../../template/text/range.js';
import { rangeOf } from '../support/analyze-text.js';

beforeAll(() => initTemplateEngine());

/** `${D}{` writes `${` inside a template literal. */
const D = '$';

const parse = (text: string): ParsedFile => parseSource({ path: '/w/t.pkr.json', text });

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line)
    return lines[range.start.line]!.slice(range.start.character, range.end.character);
  return [
    lines[range.start.line]!.slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    lines[range.end.line]!.slice(0, range.end.character),
  ].join('\n');
}

const header = (b: Block) => [b.type, ...b.labels.map((l) => l.value)].join(' ');

describe('blocks: one object level per label, then an object or an array of objects', () => {
  it('labels are nested keys; each label and the type keep the range of their key', () => {
    const text = '{\n  "source": {\n    "chroot": {\n      "a": {"image_size": "1G"},\n      "b": {}\n    }\n  }\n}\n';
    const file = parse(text);
    expect(file.diagnostics).toEqual([]);
    expect(file.body.blocks.map(header)).toEqual(['source chroot a', 'source chroot b']);
    const [a, b] = file.body.blocks;
    expect(a!.typeRange).toEqual(rangeOf(text, '"source"'));
    expect(a!.labels.map((l) => l.range)).toEqual([rangeOf(text, '"chroot"'), rangeOf(text, '"a"')]);
    expect(b!.labels[1]!.range).toEqual(rangeOf(text, '"b"'));
    // The header: the last label's key through the body's opening brace; the block: through its closing brace.
    expect(textAt(text, a!.headerRange)).toBe('"a": {');
    expect(textAt(text, a!.range)).toBe('"a": {"image_size": "1G"}');
    expect(textAt(text, a!.body.range)).toBe('{"image_size": "1G"}');
    const [attribute] = a!.body.attributes;
    expect([attribute!.name, textAt(text, attribute!.nameRange), textAt(text, attribute!.range)]).toEqual([
      'image_size',
      '"image_size"',
      '"image_size": "1G"',
    ]);
  });

  it('arrays at a label level or at the body level keep the order written; null is no block', () => {
    const text = JSON.stringify({
      build: {
        sources: ['source.chroot.x'],
        provisioner: [
          { shell: { inline: ['one'] } },
          {
            file: [
              { source: 'a', destination: '/a' },
              { source: 'b', destination: '/b' },
            ],
          },
          { shell: { inline: ['four'] }, 'shell-local': null },
        ],
      },
    });
    const [build] = parse(text).body.blocks;
    const provisioners = build!.body.blocks;
    expect(provisioners.map(header)).toEqual([
      'provisioner shell',
      'provisioner file',
      'provisioner file',
      'provisioner shell',
    ]);
    // A body that is an element of an array: its header is its own brace.
    expect(textAt(text, provisioners[1]!.headerRange)).toBe('{');
    expect(provisioners[2]!.body.attributes.map((a) => a.name)).toEqual(['source', 'destination']);
  });

  it('repeated plugin blocks (x-hcl-block fields) are blocks; other objects stay attribute values', () => {
    const text = JSON.stringify({
      source: {
        'amazon-chroot': {
          x: {
            ami_block_device_mappings: [{ device_name: '/dev/sda' }, { device_name: '/dev/sdb' }],
            source_ami_filter: { filters: { name: 'debian-*' }, owners: ['1'] },
            tags: { Name: 'x' },
          },
        },
      },
    });
    const [source] = parse(text).body.blocks;
    expect(source!.body.blocks.map((b) => b.type)).toEqual([
      'ami_block_device_mappings',
      'ami_block_device_mappings',
      'source_ami_filter',
    ]);
    expect(source!.body.attributes.map((a) => [a.name, a.value.type])).toEqual([['tags', 'object']]);
    // Inside the filter block, `filters` is a map attribute.
    expect(source!.body.blocks[2]!.body.attributes.map((a) => [a.name, a.value.type])).toEqual([
      ['filters', 'object'],
      ['owners', 'tuple'],
    ]);
  });

  it('a root array of objects is one body; locals and variables are read attribute by attribute', () => {
    const file = parse('[{"locals": {"a": 1}}, {"locals": {"b": {"c": 2}}, "variables": {"d": "x"}}]');
    expect(file.diagnostics).toEqual([]);
    expect(file.body.blocks.map((b) => [b.type, b.body.attributes.map((a) => a.name)])).toEqual([
      ['locals', ['a']],
      ['locals', ['b']],
      ['variables', ['d']],
    ]);
  });

  it('dynamic blocks: the label names the generated block, content is its body', () => {
    const text = JSON.stringify({
      source: {
        'amazon-chroot': {
          x: {
            dynamic: {
              ami_block_device_mappings: {
                for_each: '${var.disks}',
                iterator: 'disk',
                content: { device_name: '${disk.value}' },
              },
            },
          },
        },
      },
    });
    const [source] = parse(text).body.blocks;
    const [dynamic] = source!.body.blocks;
    expect(header(dynamic!)).toBe('dynamic ami_block_device_mappings');
    expect(dynamic!.body.attributes.map((a) => [a.name, a.value.type])).toEqual([
      ['for_each', 'template'],
      // Packer reads the iterator as a keyword: a traversal, not a string.
      ['iterator', 'traversal'],
    ]);
    expect(dynamic!.body.blocks.map((b) => b.type)).toEqual(['content']);
  });
});

describe('"//" comments', () => {
  it('are ignored in every body, the top level and attribute-only blocks included', () => {
    const text = JSON.stringify({
      '//': 'top',
      variable: { x: { '//': 'in a block', default: 1 } },
      locals: { '//': 'in locals', a: 1 },
    });
    const file = parse(text);
    expect(file.diagnostics).toEqual([]);
    expect(file.body.blocks.map((b) => b.body.attributes.map((a) => a.name))).toEqual([['default'], ['a']]);
  });

  it('are ordinary keys in an object value, and labels at a label level (as HCL reads them)', () => {
    const text = '{"locals": {"m": {"//": "kept"}}, "variable": {"//": "note"}}';
    const file = parse(text);
    const value = file.body.blocks[0]!.body.attributes[0]!.value;
    expect(value.type === 'object' && value.items.map((i) => i.keyName)).toEqual(['//']);
    expect(file.diagnostics.map((d) => [d.code, textAt(text, d.range)])).toEqual([['hcl-json-structure', '"']]);
    expect(file.diagnostics[0]!.message).toBe(
      'Incorrect JSON value type; Either a JSON object or a JSON array is required, representing the contents of one or more "variable" blocks.',
    );
  });
});

describe('strings are HCL templates with ranges in the JSON text', () => {
  const interpolated = (file: ParsedFile): TemplateExpr => {
    const value = file.body.blocks[0]!.body.attributes[0]!.value;
    if (value.type !== 'template') throw new Error(`not a template: ${value.type}`);
    return value;
  };

  it('an interpolation after escapes marks exactly its expression', () => {
    const text = String.raw`{"locals": {"a": "\"\u00e9\\\n\t\ud83d\ude00 ${D}{var.image} tail"}}`;
    const template = interpolated(parse(text));
    expect(template.jsonString).toBe(true);
    expect(textAt(text, template.range)).toBe(String.raw`"\"\u00e9\\\n\t\ud83d\ude00 ${D}{var.image} tail"`);
    const [head, interpolation, tail] = template.parts;
    expect(head).toMatchObject({ kind: 'literal', value: '"é\\\n\t😀 ', raw: String.raw`\"\u00e9\\\n\t\ud83d\ude00 ` });
    expect(interpolation!.kind).toBe('interpolation');
    expect(textAt(text, interpolation!.range)).toBe('${var.image}');
    const expr = interpolation?.kind === 'interpolation' ? interpolation.expr : undefined;
    expect(expr?.type === 'traversal' && [textAt(text, expr.rootRange), textAt(text, expr.steps[0]!.range)]).toEqual([
      'var',
      '.image',
    ]);
    expect(tail).toMatchObject({ kind: 'literal', value: ' tail', raw: ' tail' });
  });

  it('a lone interpolation is the value itself; $${ is a literal ${; directives and strip markers work', () => {
    const text = '{"locals": {"a": "${var.n}", "b": "$${keep} %{ if true ~} yes %{~ endif }"}}';
    const [a, b] = parse(text).body.blocks[0]!.body.attributes;
    expect(a!.value.type === 'template' && a!.value.parts.map((p) => p.kind)).toEqual(['interpolation']);
    const parts = b!.value.type === 'template' ? b!.value.parts : [];
    expect(parts[0]).toMatchObject({ kind: 'literal', value: '${keep} ', raw: '$${keep} ' });
    const directive = parts[1];
    expect(directive?.kind === 'interpolation' && directive.expr.type).toBe('conditional');
    expect(textAt(text, directive!.range)).toBe('%{ if true ~} yes %{~ endif }');
  });

  it("object keys are templates too; a key's static text is kept", () => {
    const text = '{"locals": {"m": {"${var.k}": 1, "plain": 2}}}';
    const value = parse(text).body.blocks[0]!.body.attributes[0]!.value;
    const items = value.type === 'object' ? value.items : [];
    expect(items.map((i) => [i.key.type, i.keyName])).toEqual([
      ['template', undefined],
      ['template', 'plain'],
    ]);
  });

  it("a variable's type is a native expression, ranges inside the string", () => {
    const text = '{"variable": {"v": {"type": "map(list(string))"}}}';
    const type = parse(text).body.blocks[0]!.body.attributes[0]!.value as Expr;
    expect(type.type).toBe('call');
    expect(type.type === 'call' && textAt(text, type.nameRange)).toBe('map');
    expect(textAt(text, type.range)).toBe('map(list(string))');
  });

  it('strings are parsed together; a fault in one leaves the next intact and gets its own error', () => {
    const text = '{"locals": {"a": "${var.a", "b": "${var.b}", "c": "x %{ if } y"}}';
    const file = parse(text);
    const [a, b, c] = file.body.blocks[0]!.body.attributes;
    expect(file.diagnostics.map((d) => d.code)).toEqual(['hcl-syntax', 'hcl-syntax']);
    expect(rangeContains(a!.value.range, file.diagnostics[0]!.range.start)).toBe(true);
    expect(rangeContains(c!.value.range, file.diagnostics[1]!.range.start)).toBe(true);
    const value = b!.value.type === 'template' ? b!.value.parts[0] : undefined;
    expect(value?.kind === 'interpolation' && textAt(text, value.expr.range)).toBe('var.b');
  });

  it("HCL's syntax errors inside a string are placed in the string", () => {
    const text = '{"locals": {"a": "x ${var.a +} y"}}';
    const file = parse(text);
    expect(file.diagnostics.map((d) => d.code)).toEqual(['hcl-syntax']);
    const at = file.diagnostics[0]!.range;
    expect(at.start.line).toBe(0);
    expect(at.start.character).toBeGreaterThanOrEqual(text.indexOf('${'));
    expect(at.end.character).toBeLessThanOrEqual(text.indexOf(' y"'));
  });
});

describe("structure faults: HCL's JSON messages at the JSON text", () => {
  const faults = (text: string) =>
    parse(text).diagnostics.map((d) => [d.code, d.message.split(';')[0], textAt(text, d.range)]);

  it('a body or label level that is not an object', () => {
    expect(faults('{"build": "x", "source": {"chroot": []}, "locals": [1]}')).toEqual([
      ['hcl-json-structure', 'Incorrect JSON value type', '"'],
      ['hcl-json-structure', 'Missing block label', '['],
      // An array of bodies: each element must be an object (its first character is marked, as HCL does).
      ['hcl-json-structure', 'Incorrect JSON value type', '1'],
    ]);
  });

  it('an unknown key where Packer takes only blocks, or a closed set of arguments: the key, with a did-you-mean', () => {
    const text = '{"variabel": {}, "local": {"x": {"expresion": 1}}}';
    const file = parse(text);
    expect(file.diagnostics.map((d) => [d.code, d.message, textAt(text, d.range)])).toEqual([
      [
        'unknown-block',
        'Extraneous JSON object property; No argument or block type is named "variabel". Did you mean "variable"?',
        '"variabel"',
      ],
      [
        'unknown-field',
        'Extraneous JSON object property; No argument or block type is named "expresion". Did you mean "expression"?',
        '"expresion"',
      ],
    ]);
  });

  it('a property given twice: the second is marked, the first counts', () => {
    const text = '{"locals": {"a": 1, "a": 2}}';
    const file = parse(text);
    expect(file.diagnostics.map((d) => [d.code, d.message, d.range])).toEqual([
      [
        'hcl-duplicate-attribute',
        'Duplicate attribute definition; The argument "a" was already set at /w/t.pkr.json:1,13-16.',
        rangeOf(text, '"a"', 1),
      ],
    ]);
    const [a] = file.body.blocks[0]!.body.attributes;
    expect(a!.value).toMatchObject({ type: 'literal', value: 1 });
  });

  it("JSON syntax errors in HCL's words; a root that is no object", () => {
    expect(faults('{"locals": {"a": 1,}}')).toEqual([['json-syntax', 'Trailing comma in object', '}']]);
    expect(faults('{"locals" = {}}')).toContainEqual(['json-syntax', 'Missing property value colon', '=']);
    expect(faults('"x"')).toEqual([['hcl-json-structure', 'Root value must be object', '"']]);
  });
});

describe('.pkrvars.json: a flat object of values, strings literal', () => {
  const varFile = (text: string) => parseVarFile({ path: '/w/v.pkrvars.json', text });

  it('values are literal text (Packer evaluates them without a context); "//" is a comment', () => {
    const text = '{"//": "note", "a": "${not.a.reference}", "b": [1, {"c": true}]}';
    const file = varFile(text);
    expect(file.diagnostics).toEqual([]);
    expect(file.body.attributes.map((a) => a.name)).toEqual(['a', 'b']);
    const a = file.body.attributes[0]!.value;
    expect(a.type === 'template' && a.parts.map((p) => [p.kind, p.kind === 'literal' && p.value])).toEqual([
      ['literal', '${not.a.reference}'],
    ]);
  });

  it('duplicates, declarations and a non-object root are refused as Packer refuses them', () => {
    const text = '{"a": 1, "a": 2, "variable": {"x": {}}}';
    expect(varFile(text).diagnostics.map((d) => [d.code, textAt(text, d.range)])).toEqual([
      ['hcl-duplicate-attribute', '"a"'],
      ['variable-in-var-file', '"variable"'],
    ]);
    expect(varFile('[{"a": 1}]').diagnostics.map((d) => d.message.split(';')[0])).toEqual([
      'Incorrect JSON value type',
    ]);
  });
});

describe('whatever the text, the model stays inside it', () => {
  const seed = readFileSync(join(import.meta.dirname, '../fixtures/valid/chroot.pkr.json'), 'utf8');
  const fragments = [
    '{',
    '}',
    '[',
    ']',
    '"',
    ',',
    ':',
    '${',
    '%{',
    '$${',
    '}',
    '\\"',
    '\\u00e9',
    '\\n',
    '//',
    'null',
    '😀',
  ];

  /** Every range of the model, and every literal piece with its range. */
  function collect(node: unknown, ranges: Range[], literals: Array<{ raw: string; range: Range }>): void {
    if (Array.isArray(node)) for (const item of node) collect(item, ranges, literals);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof (record.start as Range['start'] | undefined)?.line === 'number' && 'end' in record) {
        ranges.push(record as unknown as Range);
        return;
      }
      if (record.kind === 'literal') literals.push(record as unknown as { raw: string; range: Range });
      for (const value of Object.values(record)) collect(value, ranges, literals);
    }
  }

  it('every range is a valid span of the text; every literal piece is the text at its range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...fragments)), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          let text = seed;
          for (const [at, cut, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + cut);
          }
          const file = parse(text);
          const lines = new LineIndex(text);
          const ranges: Range[] = [];
          const literals: Array<{ raw: string; range: Range }> = [];
          collect([file.body, file.diagnostics], ranges, literals);
          for (const range of ranges) {
            const start = lines.offsetAt(range.start);
            const end = lines.offsetAt(range.end);
            expect(lines.positionAt(start)).toEqual(range.start);
            expect(lines.positionAt(end)).toEqual(range.end);
            expect(start).toBeLessThanOrEqual(end);
          }
          for (const literal of literals) {
            expect(text.slice(lines.offsetAt(literal.range.start), lines.offsetAt(literal.range.end))).toBe(
              literal.raw,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
