import { beforeAll, describe, expect, it } from 'vitest';
import { onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const cases: Array<[string, unknown]> = [
  ['chunklist([1, 2, 3], 2)', [[1, 2], [3]]],
  ['chunklist([1, 2, 3], 0)', [[1, 2, 3]]],
  ['chunklist([], 2)', []],
  ['coalesce("", "b")', 'b'],
  ['coalesce(null, "", "c")', 'c'],
  ['coalesce(1, "b")', 1],
  ['coalescelist([], [1])', [1]],
  ['coalescelist(["a"], [1])', ['a']],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['concat([1], [2, 3], [])', [1, 2, 3]],
  ['contains([1, 2], 2)', true],
  ['contains(["1"], 1)', false],
  ['contains([[1]], [1])', true],
  ['distinct([1, 1, 2, 1])', [1, 2]],
  ['distinct([])', []],
  ['element(["a", "b", "c"], 1)', 'b'],
  ['element([1, 2, 3], 5)', 3],
  ['flatten([[1, [2]], 3])', [1, 2, 3]],
  ['flatten([[], [[]]])', []],
  ['index(["a", "b"], "b")', 1],
  ['keys({b = 1, a = 2})', ['a', 'b']],
  ['keys({})', []],
  ['length("héllo")', 5],
  ['length([1, 2])', 2],
  ['length({a = 1})', 1],
  ['length("")', 0],
  ['lookup({a = 1}, "a")', 1],
  ['lookup({a = 1}, "b", "d")', 'd'],
  ['merge({a = 1}, {b = 2}, {a = 3})', { a: 3, b: 2 }],
  ['merge({a = 1}, null)', { a: 1 }],
  ['range(3)', [0, 1, 2]],
  ['range(1, 4)', [1, 2, 3]],
  ['range(5, 1)', [5, 4, 3, 2]],
  ['range(1, 10, 3)', [1, 4, 7]],
  ['range(0, 1, 0.25)', [0, 0.25, 0.5, 0.75]],
  ['range(0)', []],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['setintersection([1, 2, 3], [2, 3, 4], [3, 2])', [2, 3]],
  [
    'setproduct(["a", "b"], [1, 2])',
    [
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ],
  ],
  ['setsubtract(["a", "b", "c"], ["b", "z"])', ['a', 'c']],
  ['setsubtract([3, 1, 2], [2])', [1, 3]],
  ['setsubtract(["a"], [])', ['a']],
  ['setunion(["b"], ["a", "b"])', ['a', 'b']],
  ['slice([1, 2, 3], 1, 2)', [2]],
  ['slice([1, 2, 3], 0, 0)', []],
  ['sort(["b", "a", "C"])', ['C', 'a', 'b']],
  ['sort([3, 1, 2])', ['1', '2', '3']],
  ['values({b = 2, a = 1})', [1, 2]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
];

describe('collection functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source)).toEqual(expected);
  });
});

const errors: Array<[string, string, string]> = [
  ['chunklist([1], -1)', 'the size argument must be positive', '-1'],
  ['coalesce("", null)', 'no non-null, non-empty-string arguments', 'coalesce("", null)'],
  ['coalescelist([], [])', 'no non-null arguments', 'coalescelist([], [])'],
  ['concat([1], "a")', 'a list, set or tuple is required', '"a"'],
  ['element([], 0)', 'cannot use element function with an empty list', '[]'],
  ['element([1], -1)', 'cannot use element function with a negative index', '-1'],
  ['index(["a"], "z")', 'item not found', '"z"'],
  ['keys("x")', 'a map or object is required', '"x"'],
  ['length(null)', 'argument must not be null', 'null'],
  ['length(1)', 'argument must be a string, a collection type, or a structural type', '1'],
  ['lookup({a = 1}, "b")', 'lookup failed to find key "b"', '"b"'],
  ['merge({a = 1}, [1])', 'a map or object is required', '[1]'],
  ['range(1, 5, 0)', 'step must not be zero', '0'],
  ['range(1, 5, -1)', 'step must be positive when start is less than limit', '-1'],
  ['range(2000)', 'more than 1024 values were generated', 'range(2000)'],
  [
    'setproduct(range(1000), range(1000))',
    'the product would have 1000000 elements',
    'setproduct(range(1000), range(1000))',
  ],
  ['setproduct([1])', 'at least two arguments are required', 'setproduct([1])'],
  ['setsubtract(["a"], "a")', 'a set is required', '"a"#1'],
  ['slice([1, 2, 3], 2, 1)', 'start index must not be greater than end index', '2#1'],
  ['slice([1, 2, 3], -1, 1)', 'start index must not be less than zero', '-1'],
  ['slice([1, 2, 3], 0, 4)', 'end index must not be greater than the length of the list', '4'],
  ['zipmap(["a", "b"], [1])', 'number of keys (2) does not match number of values (1)', '[1]'],
  ['sort([[1]])', 'string required', '[[1]]'],
];

describe('collection function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });
});
