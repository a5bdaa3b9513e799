/**
 * Reading inside a value: `.name` on objects and `[key]` on lists and
 * objects, with HCL's errors when the key is not there.
 */
import type { Value } from '../evaluation-model.js';
import type { Range, TraversalStep } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { EvalCode } from './codes.js';
import { reportAt, type Frame } from './frame.js';
import { UNKNOWN, asNumber, asString, isObjectValue, isUnknown, kindOf } from './value.js';

/**
 * The range of an attribute step's name alone: the parser's step range
 * starts at the dot (`.name`), diagnostics mark the name.
 */
export function stepNameRange(step: TraversalStep): Range {
  const { start, end } = step.range;
  const name = String(step.name);
  const withDot =
    step.kind === 'attr' && start.line === end.line && end.character - start.character === name.length + 1;
  return withDot ? { start: { line: start.line, character: start.character + 1 }, end } : step.range;
}

/** Applies traversal steps in order; the first failure makes the result UNKNOWN. */
export function applySteps(value: Value, steps: TraversalStep[], frame: Frame): Value {
  let current = value;
  for (const step of steps) {
    current =
      step.kind === 'attr'
        ? getAttribute(current, String(step.name), stepNameRange(step), frame)
        : getIndex(current, step.name, step.range, frame);
    if (isUnknown(current)) return UNKNOWN;
  }
  return current;
}

/** `value.name`: an object's attribute. */
export function getAttribute(value: Value, name: string, range: Range, frame: Frame): Value {
  if (isUnknown(value)) return UNKNOWN;
  if (value === null)
    return fail(frame, range, 'Attempt to get attribute from null value: this value is null, so it has no attributes.');
  if (!isObjectValue(value)) {
    return fail(frame, range, `Unsupported attribute: can't access attributes on a ${kindOf(value)} value.`);
  }
  if (Object.hasOwn(value, name)) return value[name]!;
  const suggestions = suggest(name, Object.keys(value));
  reportAt(
    frame,
    range,
    EvalCode.invalidExpression,
    `Unsupported attribute: this object does not have an attribute named "${name}".${didYouMean(suggestions)}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

/** `value[key]`: a list element by number or an object attribute by string. */
export function getIndex(value: Value, key: Value, range: Range, frame: Frame): Value {
  if (isUnknown(value) || isUnknown(key)) return UNKNOWN;
  if (value === null)
    return fail(frame, range, 'Attempt to index null value: this value is null, so it has no elements.');
  if (key === null) return fail(frame, range, "Invalid index: can't use a null value as an index.");
  if (Array.isArray(value)) {
    const index = asNumber(key);
    if (index === undefined || !Number.isInteger(index)) {
      return fail(
        frame,
        range,
        'Invalid index: the given key does not identify an element in this collection value: a whole number is required.',
      );
    }
    if (index < 0 || index >= value.length) {
      return fail(
        frame,
        range,
        `Invalid index: the given key does not identify an element in this collection value (index ${index}, length ${value.length}).`,
      );
    }
    return value[index]!;
  }
  if (isObjectValue(value)) {
    const name = asString(key);
    if (name === undefined)
      return fail(
        frame,
        range,
        'Invalid index: the given key does not identify an element in this collection value: a string is required.',
      );
    if (Object.hasOwn(value, name)) return value[name]!;
    return fail(
      frame,
      range,
      `Invalid index: the given key does not identify an element in this collection value: no element "${name}".`,
    );
  }
  return fail(frame, range, `Invalid index: this value does not have any indices (it is a ${kindOf(value)}).`);
}

function fail(frame: Frame, range: Range, message: string): Value {
  reportAt(frame, range, EvalCode.invalidExpression, message);
  return UNKNOWN;
}
