import { beforeAll, describe, expect, it } from 'vitest';
import { onlyDiagnostic, rangeOf, setup, valueOf } from './helpers.js';

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
  ['yamlencode({b = [1, "two"], a = {c = null}, e = [], f = {}})', '"a":\n  "c": null\n"b":\n- 1\n- "two"\n"e": []\n"f": {}\n'],
  ['yamlencode([{x = 1, y = 2}, [3, 4]])', '- "x": 1\n  "y": 2\n- - 3\n  - 4\n'],
  ['yamlencode({run = "#!/bin/sh\\necho hi\\n"})', '"run": |\n  #!/bin/sh\n  echo hi\n'],
  ['yamlencode([" lead\\nx", "x\\n\\n", "trail \\nx", "t\\tb"])', '- |2-\n   lead\n  x\n- |+\n  x\n\n- "trail \\nx"\n- "t\\tb"\n'],
  ['yamlencode(1.5)', '1.5\n...\n'],
  ['yamlencode("plain")', '"plain"\n'],
  ['urlencode("ü/~-_.!*")', '%C3%BC%2F~-_.%21%2A'],
];

describe('encoding functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOf(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string]> = [
  ['base64decode("####")', "failed to decode base64 data '####'", '"####"'],
  ['base64decode("/w==")', 'not valid UTF-8', '"/w=="'],
  ['csvdecode("")', 'missing header line', '""'],
  ['csvdecode("a,b\\n1\\n")', 'record on line 2: wrong number of fields', '"a,b\\n1\\n"'],
  ['csvdecode("a\\n\\"open")', 'extraneous or missing " in quoted-field', '"a\\n\\"open"'],
  ['jsondecode("{")', 'invalid JSON', '"{"'],
];

describe('encoding function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
