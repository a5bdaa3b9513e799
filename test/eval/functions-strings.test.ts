import { beforeAll, describe, expect, it } from 'vitest';
import { onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

/** Expected results, most measured with `packer console` (Packer 1.6.6) or taken from the function docs. */
const cases: Array<[string, unknown]> = [
  ['chomp("a\\n\\n")', 'a'],
  ['chomp("a\\r\\n")', 'a'],
  ['chomp("a\\nb")', 'a\nb'],
  ['format("%v %q %d", "a", "b", 3)', 'a "b" 3'],
  ['format("%05.2f", 3.14159)', '03.14'],
  ['format("%[2]s %[1]s", "a", "b")', 'b a'],
  [
    'format("%8.3f|%-6d|%+d|%x|%e|%g", 3.14159, 42, 5, 255, 1234.5, 0.000012345)',
    '   3.142|42    |+5|ff|1.234500e+03|1.2345e-05',
  ],
  ['format("%#v %v", {a = [1, "x"]}, [true])', '{"a":[1,"x"]} [true]'],
  ['format("100%% %s", "done")', '100% done'],
  [
    'format("%g|%g|%g|%.3g|%g|%G", 100000, tonumber("1e21"), 1234.5, 3.14159, 0.0001, tonumber("1e-7"))',
    '100000|1e+21|1234.5|3.14|0.0001|1E-07',
  ],
  ['format("%v|%v|%v", tonumber("1e21"), 0.1, tonumber("1e-7"))', '1e+21|0.1|1e-07'],
  ['format("%010.3f|%-8.2f|%+.1e", -3.14159, 2.5, 12345)', '-00003.142|2.50    |+1.2e+04'],
  ['format("%q", "a\\"b\\n")', '"a\\"b\\n"'],
  ['format("%t %5s|%-5s|", true, "ab", "cd")', 'true    ab|cd   |'],
  ['format("%b %o %X %#x", 5, 8, 255, 255)', '101 10 FF 0xff'],
  ['formatlist("%s-%s", ["a", "b"], "x")', ['a-x', 'b-x']],
  ['formatlist("%s", [])', []],
  ['indent(2, "a\\nb")', 'a\n  b'],
  ['indent(2, "a\\n\\nb")', 'a\n  \n  b'],
  ['join(",", ["a", "b"])', 'a,b'],
  ['join("-", ["a"], ["b", "c"])', 'a-b-c'],
  ['join(",", [])', ''],
  ['lower("HeLLo ÄÖ")', 'hello äö'],
  ['upper("hello äö")', 'HELLO ÄÖ'],
  ['upper("ß")', 'ß'],
  ['upper(1)', '1'],
  ['replace("hello", "l", "L")', 'heLLo'],
  ['replace("hello", "/l+/", "L")', 'heLo'],
  ['replace("a-1 b-2", "/([a-z])-(\\\\d)/", "$2$1")', '1a 2b'],
  ['replace("2024-01", "/(?P<y>\\\\d+)-(?P<m>\\\\d+)/", "$${m}/$${y}")', '01/2024'],
  ['regex("[a-z]+", "123abc456")', 'abc'],
  ['regex("(\\\\d+)-(\\\\d+)", "12-34")', ['12', '34']],
  ['regex("(?P<major>\\\\d+)\\\\.(?P<minor>\\\\d+)", "v1.25")', { major: '1', minor: '25' }],
  ['regex("(?i)HELLO", "say hello")', 'hello'],
  ['regex("^[[:alpha:]]+$", "abc")', 'abc'],
  ['regexall("\\\\d", "a1b2")', ['1', '2']],
  [
    'regexall("(\\\\w)=(\\\\d)", "a=1,b=2")',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  ['regexall("z", "abc")', []],
  ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
  ['split(",", "")', ['']],
  ['strrev("héllo")', 'olléh'],
  ['strrev("a👍🏽b")', 'b👍🏽a'],
  ['substr("hello", 1, 3)', 'ell'],
  ['substr("hello", -3, -1)', 'llo'],
  ['substr("hello", 1, 100)', 'ello'],
  ['substr("héllo", 1, 1)', 'é'],
  ['title("hello world")', 'Hello World'],
  ['title("hELLO")', 'HELLO'],
  ['title("hello wORLD-foo_bar x.y")', 'Hello WORLD-Foo_bar X.Y'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimprefix("helloworld", "x")', 'helloworld'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['trimsuffix("hello", "")', 'hello'],
  ['trimspace("\\n a \\t")', 'a'],
];

describe('string functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

/** Error cases: the message names the fault; the range marks the argument at fault (or the call). */
const errors: Array<[string, string, string]> = [
  ['format("%s %s", "a")', 'not enough arguments for "%s" at 3: need index 2 but have 1 total', '"%s %s"'],
  ['format("%s", "a", "b")', 'too many arguments; only 1 used by format string', '"b"'],
  ['format("%z", 1)', "unsupported format verb 'z'", '"%z"'],
  ['format("%d", 1.5)', 'an integer is required', '1.5'],
  ['format("%d", "x")', 'number required', '"x"'],
  ['formatlist("%s%s", ["a"], ["b", "c"])', 'inconsistent with the previous list arguments', '["b", "c"]'],
  ['regex("(", "x")', 'invalid regular expression pattern', '"("'],
  ['regex("z", "abc")', 'pattern did not match any part of the given string', '"abc"'],
  ['replace("a", "/(/", "b")', 'invalid regular expression pattern', '"/(/"'],
  ['substr("hello", 10, 1)', 'offset must be less than or equal to the string length', '10'],
  ['lower(null)', 'argument must not be null', 'null'],
  ['upper(["a"])', 'string required', '["a"]'],
  ['format("%999999999d", 1)', 'the width at offset 0 is too large', '"%999999999d"'],
  ['format("%.200f", 1)', 'the precision at offset 0 is too large', '"%.200f"'],
  ['indent(100000000, "a\\nb")', 'at most 10000 spaces', '100000000'],
  ['join(",", [null])', 'cannot concatenate null values', '[null]'],
];

describe('string function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
