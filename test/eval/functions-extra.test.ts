/** Functions beyond the core list: Packer's own, and newer collection/string helpers. */
import { beforeAll, describe, expect, it } from 'vitest';
import { isUnknown } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const cases: Array<[string, unknown]> = [
  ['legacy_isotime("2006-01-02T15:04:05")', '2024-02-03T04:05:06'],
  ['legacy_strftime("%Y%m%d-%H%M")', '20240203-0405'],
  ['regex_replace("a1b22", "[0-9]+", "#")', 'a#b#'],
  ['regex_replace("k=v", "(\\\\w)=(\\\\w)", "$2=$1")', 'v=k'],
  ['startswith("hello", "he")', true],
  ['endswith("hello", "he")', false],
  ['strcontains("hello", "ell")', true],
  ['matchkeys(["i-1", "i-2", "i-3"], ["a", "b", "a"], ["a"])', ['i-1', 'i-3']],
  ['transpose({a = ["1", "2"], b = ["2"]})', { '1': ['a'], '2': ['a', 'b'] }],
  ['one([])', null],
  ['one(["x"])', 'x'],
  ['sum([1, 2, 3.5])', 6.5],
  ['alltrue([true, "true"])', true],
  ['alltrue([])', true],
  ['anytrue([false, true])', true],
  ['anytrue([])', false],
];

describe('further functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });

  it('secret readers are known functions whose values are not known before the build', () => {
    for (const source of ['vault("secret/data/x", "key")', 'consul_key("k")', 'aws_secretsmanager("name", "key")']) {
      const { value, diagnostics } = evalExpr(source);
      expect(isUnknown(value), source).toBe(true);
      expect(diagnostics, source).toEqual([]);
    }
  });
});

const errors: Array<[string, string, string]> = [
  ['one([1, 2])', 'either zero or one elements', '[1, 2]'],
  ['sum([])', 'cannot sum an empty list', '[]'],
  ['matchkeys(["a"], [], [])', 'length of keys and values should be equal', '[]'],
  ['regex_replace("a", "(", "b")', 'invalid regular expression pattern', '"("'],
];

describe('further function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
