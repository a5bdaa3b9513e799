/**
 * `templatefile(path, vars)`: a file rendered as an HCL template (`${…}`
 * interpolations and `%{ if }`/`%{ for }` directives) with only `vars` in
 * scope. The file is read through the injected reader; rendering is the
 * evaluator's (it holds the parser), injected as `renderTemplate`.
 */
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { UNKNOWN, isObjectValue } from '../value.js';
import { readFrom } from './filesystem.js';

/** The templatefile function of the library. */
export const templatefileFunction: HclFunction = fn(
  'templatefile',
  'Reads a file and renders it as a template, with the given variables in scope.',
  [param('path', T.string), param('vars', T.any)],
  T.string,
  ([path, vars], env) => {
    if (!isObjectValue(vars!)) throw new FunctionError('the vars argument must be a map or object', 1);
    if (!env.readFile || !env.renderTemplate) return UNKNOWN;
    const text = readFrom(path as string, env);
    if (text === undefined) throw new FunctionError(`no file exists at ${String(path)}, or it cannot be read`, 0);
    const rendered = env.renderTemplate(text, path as string, vars);
    if (!rendered.ok) throw new FunctionError(`in template ${String(path)}: ${rendered.message}`, 0);
    return rendered.value;
  },
);
