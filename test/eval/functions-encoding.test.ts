import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const cases: Array<[string, unknown]> = [
  ['base64encode("hi")', 'aGk='],
  ['base64encode("héllo")', 'aMOpbGxv'],
  ['base64decode("aGk=")', 'hi'],
  ['base64decode(base64encode("round ✓"))', 'round ✓'],
  ['csvdecode("a,b\\n1,2\\n")', [{ a: '1', b: '2' }]],
  ['csvdecode("a,b\\n\\"x, y\\",\\"q\\"\\"\\"\\n")', [{ a: 'x, y', b: 'q"' }]],
  ['csvdecode("a,b\\r\\n1,2")', [{ a: '1', b: '2' }]],
  ['csvdecode("a\\n")', []],
  ['jsondecode("{\\"a\\":1}")', { a: 1 }],
  ['jsondecode("[1, true, null, {\\"a\\": \\"b\\"}]")', [1, true, null, { a: 'b' }]],
  ['jsondecode("\\"s\\"")', 's'],
  ['jsonencode({a = [1, "b", null]})', '{"a":[1,"b",null]}'],
  ['jsonencode({b = 1, a = "x"})', '{"a":"x","b":1}'],
  ['jsonencode("<&>")', '"\\u003c\\u0026\\u003e"'],
  ['jsonencode("\\t\\n")', '"\\t\\n"'],
  ['jsonencode(null)', 'null'],
  ['jsonencode(tonumber("1e21"))', '1000000000000000000000'],
  ['jsonencode(0.1)', '0.1'],
  ['urlencode("a b&c")', 'a+b%26c'],
  [
    'yamlencode({b = [1, "two"], a = {c = null}, e = [], f = {}})',
    '"a":\n  "c": null\n"b":\n- 1\n- "two"\n"e": []\n"f": {}\n',
  ],
  ['yamlencode([{x = 1, y = 2}, [3, 4]])', '- "x": 1\n  "y": 2\n- - 3\n  - 4\n'],
  ['yamlencode({run = "#!/bin/sh\\necho hi\\n"})', '"run": |\n  #!/bin/sh\n  echo hi\n'],
  [
    'yamlencode([" lead\\nx", "x\\n\\n", "trail \\nx", "t\\tb"])',
    '- |2-\n   lead\n  x\n- |+\n  x\n\n- "trail \\nx"\n- "t\\tb"\n',
  ],
  ['yamlencode(1.5)', '1.5\n...\n'],
  ['yamlencode("plain")', '"plain"\n'],
  ['urlencode("ü/~-_.!*")', '%C3%BC%2F~-_.%21%2A'],
  // Packer's own test vectors: Go's gzip bytes, flushed before closing.
  ['base64gzip("test")', 'H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA'],
  ['base64gzip("helloworld")', 'H4sIAAAAAAAA/8pIzcnJL88vykkBAAAA//8BAAD//60g6/kKAAAA'],
  ['textencodebase64("Hello World", "UTF-16LE")', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
  ['textencodebase64("hé", "utf-16be")', 'AGgA6Q=='],
  ['textencodebase64("hé", "UTF-16")', '/v8AaADp'],
  ['textencodebase64("hé", "UTF-8")', 'aMOp'],
  ['textencodebase64("hé", "latin1")', 'aOk='],
  ['textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', 'Hello World'],
  ['textdecodebase64("//5oAOkA", "UTF-16")', 'hé'],
  ['textdecodebase64("aOk=", "ISO-8859-1")', 'hé'],
  ['textdecodebase64("aGk=", "csASCII")', 'hi'],
  ['textdecodebase64(textencodebase64("hé😀", "UTF-16BE"), "csUTF16BE")', 'hé😀'],
  ['yamldecode("a: [1, x]")', { a: [1, 'x'] }],
  [
    'yamldecode("{c: yes, d: ~, e: 0b101, f: 017, g: 0x1F, h: \\"017\\", i: 1_000, j: 2001-12-14, k: off}")',
    { c: true, d: null, e: 5, f: 17, g: '0x1F', h: '017', i: 1000, j: '2001-12-14T00:00:00Z', k: false },
  ],
  // YAML 1.1, as cty-yaml reads it: the key `y` is the bool true, so the string "true".
  [
    'yamldecode("- &a {x: 1, y: [2]}\\n- *a\\n- <<: *a\\n  x: 3\\n- 1.5e3\\n- !!str 5\\n- |\\n  l1\\n  l2\\n")',
    [{ x: 1, true: [2] }, { x: 1, true: [2] }, { x: 3, true: [2] }, 1500, '5', 'l1\nl2\n'],
  ],
  [
    'yamldecode("{1.0: a, 1e21: b, true: c, \\"q\\": d}")',
    { '1': 'a', '1000000000000000000000': 'b', true: 'c', q: 'd' },
  ],
  ['yamldecode("2001-12-14t21:59:43.10-05:00")', '2001-12-14T21:59:43-05:00'],
  ['yamldecode("!!binary aGk=")', 'aGk='],
  ['yamldecode("---\\nx: 1\\n...\\n")', { x: 1 }],
  ['yamldecode("")', null],
];

describe('encoding functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string]> = [
  ['base64decode("####")', "failed to decode base64 data '####'", '"####"'],
  ['base64decode("/w==")', 'not valid UTF-8', '"/w=="'],
  ['csvdecode("")', 'missing header line', '""'],
  ['csvdecode("a,b\\n1\\n")', 'record on line 2: wrong number of fields', '"a,b\\n1\\n"'],
  ['csvdecode("a\\n\\"open")', 'extraneous or missing " in quoted-field', '"a\\n\\"open"'],
  ['jsondecode("{")', 'invalid JSON', '"{"'],
  ['base64gzip(["a"])', 'Invalid value for "str" parameter of base64gzip: string required', '["a"]'],
  [
    'textencodebase64("x", "NOT-EXISTS")',
    '"NOT-EXISTS" is not a supported IANA encoding name or alias',
    '"NOT-EXISTS"',
  ],
  [
    'textencodebase64("é", "US-ASCII")',
    'the given string contains characters that cannot be represented in US-ASCII',
    '"é"',
  ],
  ['textdecodebase64("aGk", "UTF-8")', 'the given value is has an invalid base64 symbol at offset 0', '"aGk"'],
  ['textdecodebase64("aGk=x", "UTF-8")', 'the given value is has an invalid base64 symbol at offset 4', '"aGk=x"'],
  ['textdecodebase64("/w==", "UTF-8")', 'the given string contains symbols that are not defined for UTF-8', '"/w=="'],
  [
    'textdecodebase64("AA==", "UTF-16LE")',
    'the given string contains symbols that are not defined for UTF-16LE',
    '"AA=="',
  ],
  [
    'yamldecode("a: 1\\n---\\nb: 2")',
    'yamldecode: on line 2, column 1: unexpected extra content after value',
    '"a: 1\\n---\\nb: 2"',
  ],
  ['yamldecode("key: [1, 2")', 'yamldecode: on line 1, column 11: Flow sequence', '"key: [1, 2"'],
  ['yamldecode("a: .nan")', 'on line 1, column 4: floating point NaN is not supported', '"a: .nan"'],
  ['yamldecode("a: *nope")', 'reference to undefined anchor "nope"', '"a: *nope"'],
  ['yamldecode("a: &a [*a]")', 'cannot refer to anchor "a" from inside its own definition', '"a: &a [*a]"'],
  ['yamldecode("~: 1")', 'mapping key cannot be null', '"~: 1"'],
  ['yamldecode("? [1]\\n: x")', 'only strings are allowed as mapping keys', '"? [1]\\n: x"'],
  ['yamldecode("<<: [1]")', 'cannot merge tuple into mapping', '"<<: [1]"'],
  ['yamldecode("!foo x")', 'unsupported tag "!foo"', '"!foo x"'],
  ['yamldecode("!!int x")', 'cannot parse "x" as tag:yaml.org,2002:int', '"!!int x"'],
  ['yamldecode("!!seq {}")', "can't interpret mapping as tag:yaml.org,2002:seq", '"!!seq {}"'],
];

describe('encoding function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});

describe('text encodings Packer has and this does not compute', () => {
  it('leave the result unknown rather than report a valid name', () => {
    const { value, diagnostics } = evalExpr('textencodebase64("x", "windows-1252")');
    expect(isUnknown(value)).toBe(true);
    expect(diagnostics).toEqual([]);
  });
});

describe('yamldecode expansion', () => {
  it('stops a document whose aliases expand past a million values', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const source = `yamldecode(${JSON.stringify(levels.join('\n'))})`;
    expect(onlyDiagnostic(source).message).toContain(
      'the document expands to more than 1000000 values through aliases',
    );
  });
});
