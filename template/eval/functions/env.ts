/**
 * `env(key)`: the one function Packer lets a variable's `default` call
 * (hcl2template `decodeInputVariables` evaluates defaults with it alone).
 * It is not in the general library: anywhere else it is an unknown function.
 */
import { fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';

export const envFunction: HclFunction = fn(
  'env',
  'The value of an environment variable, `""` when it is unset. Only a variable\'s `default` may call it (use the variable elsewhere).',
  [param('key', T.string)],
  T.string,
  ([key], env) => env.getenv?.(key as string) ?? '',
  { impure: true },
);

/** What a variable default may call. */
export const variableDefaultFunctions: ReadonlyMap<string, HclFunction> = new Map([[envFunction.name, envFunction]]);
