/**
 * Type conversion functions (convert tobool tolist tomap tonumber toset
 * tostring) and the error-handling functions `can` and `try`.
 */
import { convertValue } from '../convert.js';
import { FunctionError, fn, param, type HclFunction, type LazyFunction } from '../function-model.js';
import { T, type HclType } from '../types.js';
import { UNKNOWN, containsUnknown, describeValue, kindOf } from '../value.js';

/** A conversion function: null stays null, a value that does not fit is an error naming it. */
function converter(name: string, target: HclType, description: string, returnType: HclType = target): HclFunction {
  return fn(name, description, [param('v', T.any, { allowNull: true })], returnType, ([value]) => {
    const result = convertValue(value!, target);
    if (result.ok) return result.value;
    throw new FunctionError(
      `cannot convert ${describeValue(value!)} (${kindOf(value!)}) to ${name.slice(2)}: ${result.message}`,
      0,
    );
  });
}

/**
 * `convert(value, type)`: the type is written as in a variable's `type`
 * (`list(string)`), read by the caller, not evaluated. The message is
 * HCL's for an argument that does not fit its parameter.
 */
const convertFunction = fn(
  'convert',
  'Converts a value to the type written as the second argument, such as `list(string)` or `object({a = number})`.',
  [param('value', T.any, { allowNull: true }), param('type', T.any, { typeExpression: true })],
  T.any,
  ([value], _env, [type]) => {
    const result = convertValue(value!, type!);
    if (result.ok) return result.value;
    throw new FunctionError(`Invalid value for "value" parameter: ${result.message}`, 0);
  },
);

const tryFunction: LazyFunction = {
  kind: 'lazy',
  name: 'try',
  description: 'Evaluates each argument in turn and returns the first that produces no errors.',
  params: [],
  variadic: { name: 'expressions', type: T.any, allowNull: true, allowUnknown: true },
  returnType: T.any,
  impl(args) {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    for (const arg of args) {
      const { value, failed } = arg.evaluate();
      if (failed) continue;
      // An argument that cannot be known yet might still fail: so is the result.
      return containsUnknown(value) ? UNKNOWN : value;
    }
    throw new FunctionError('no expression succeeded: every argument produced an error');
  },
};

const canFunction: LazyFunction = {
  kind: 'lazy',
  name: 'can',
  description: 'Whether an expression evaluates without errors.',
  params: [{ name: 'expression', type: T.any, allowNull: true, allowUnknown: true }],
  returnType: T.bool,
  impl([arg]) {
    const { value, failed } = arg!.evaluate();
    if (failed) return false;
    return containsUnknown(value) ? UNKNOWN : true;
  },
};

/** The conversion and error-handling functions of the library. */
export const conversionFunctions: HclFunction[] = [
  convertFunction,
  converter('tobool', T.bool, 'Converts a value to a bool (`"true"` and `"false"` convert).'),
  converter('tolist', T.list(T.any), 'Converts a value to a list.'),
  converter('tomap', T.map(T.any), 'Converts an object to a map.'),
  converter('tonumber', T.number, 'Converts a value to a number (strings holding a decimal number convert).'),
  converter('toset', T.set(T.any), 'Converts a list to a set: duplicates removed, order not kept.'),
  converter('tostring', T.string, 'Converts a number or bool to a string.'),
  canFunction,
  tryFunction,
];
