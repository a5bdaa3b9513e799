import { describe, expect, it } from 'vitest';
import { decodeHeredocLiteral, decodeQuotedLiteral } from '../../template/hcl/string-escapes.js';

describe('decodeQuotedLiteral', () => {
  it('decodes every HCL escape', () => {
    expect(decodeQuotedLiteral('a\\nb\\tc\\rd\\"e\\\\f')).toEqual({ value: 'a\nb\tc\rd"e\\f', problems: [] });
    expect(decodeQuotedLiteral('\\u00e9\\U0001F680')).toEqual({ value: 'é🚀', problems: [] });
  });

  it('turns doubled markers into literal ones and leaves lone ones alone', () => {
    expect(decodeQuotedLiteral('$${a} %%{b} $a %c $$ 100%').value).toBe('${a} %{b} $a %c $$ 100%');
  });

  it('reports a bad selector at the backslash, keeping the character', () => {
    expect(decodeQuotedLiteral('x\\qy')).toEqual({
      value: 'xqy',
      problems: [
        {
          start: 1,
          end: 3,
          message: 'Invalid escape sequence; The symbol "q" is not a valid escape sequence selector.',
        },
      ],
    });
  });

  it('reports short or invalid unicode escapes', () => {
    expect(decodeQuotedLiteral('\\u00g1').problems).toHaveLength(1);
    // As HCL's scanner: `\u` without its four digits is the faulty sequence.
    expect(decodeQuotedLiteral('\\u12').problems[0]).toMatchObject({ start: 0, end: 2 });
    expect(decodeQuotedLiteral('\\UFFFFFFFF').problems).toHaveLength(1);
    expect(decodeQuotedLiteral('\\uD800').problems).toHaveLength(1);
  });

  it('reports a trailing backslash', () => {
    expect(decodeQuotedLiteral('x\\').problems[0]).toMatchObject({ start: 1, end: 2 });
  });
});

describe('decodeHeredocLiteral', () => {
  it('keeps backslashes and decodes only doubled markers', () => {
    expect(decodeHeredocLiteral('a\\nb $${c} %%{d}')).toBe('a\\nb ${c} %{d}');
  });
});
