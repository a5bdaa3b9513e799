/**
 * Function calls: look the function up, check the number of arguments,
 * convert each argument to its parameter's type, then call. Faults become
 * diagnostics at the function name or at the argument at fault. A
 * parameter that takes a type (`convert(v, list(string))`) is read as one,
 * not evaluated.
 */
import type { Value } from '../evaluation-model.js';
import type { CallExpr, Expr } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { EvalCode } from './codes.js';
import { convertValue } from './convert.js';
import { FailureRecorder } from './diagnostic-sink.js';
import { CONSTANT_PLACE_TEXT, constantPlace, reportAt, withReporter, type Frame } from './frame.js';
import { envFunction } from './functions/env.js';
import {
  FunctionError,
  type EagerFunction,
  type FunctionParam,
  type HclFunction,
  type LazyArgument,
} from './function-model.js';
import { parseTypeExpr } from './parse-type.js';
import { describeType, type HclType } from './types.js';
import { UNKNOWN, containsUnknown, isUnknown } from './value.js';

/** Evaluates one expression in a frame (the evaluator, passed in to keep modules acyclic). */
export type Evaluate = (expr: Expr, frame: Frame) => Value;

/** Evaluates a call expression. */
export function evaluateCall(call: CallExpr, frame: Frame, evaluate: Evaluate): Value {
  const fn = frame.functions.get(call.name);
  if (!fn) return missingFunction(call, frame);
  if (fn.kind === 'lazy') {
    if (!checkArity(fn, call.args, call, frame)) return UNKNOWN;
    return guard(call, frame, () =>
      fn.impl(
        call.args.map((arg) => lazyArgument(arg, frame, evaluate)),
        frame.env,
      ),
    );
  }
  const args = evaluateArguments(fn, call, frame, evaluate);
  if (args === undefined || !checkArity(fn, args.values, call, frame)) return UNKNOWN;
  const types = readTypes(fn, args.exprs, frame);
  if (types === undefined) return UNKNOWN;
  const converted = convertArguments(fn, args.values, args.exprs, call, frame);
  if (converted === undefined) return UNKNOWN;
  return guard(call, frame, () => fn.impl(converted, frame.env, types));
}

/** A call to a function not in scope: not allowed where Packer evaluates constants, else unknown. */
function missingFunction(call: CallExpr, frame: Frame): Value {
  const place = constantPlace(frame);
  if (place === undefined) return unknownFunction(call, frame);
  const only = place === 'variable-default' ? ' (only env() may be called there)' : '';
  reportAt(
    frame,
    call.nameRange,
    EvalCode.functionNotAllowed,
    `Function calls not allowed: ${CONSTANT_PLACE_TEXT[place]}${only}. Compute "${call.name}(…)" in a local instead.`,
  );
  return UNKNOWN;
}

interface EvaluatedArguments {
  values: Value[];
  /** The expression each value came from (an expanded list repeats its expression). */
  exprs: Expr[];
}

function evaluateArguments(
  fn: EagerFunction,
  call: CallExpr,
  frame: Frame,
  evaluate: Evaluate,
): EvaluatedArguments | undefined {
  // A type argument is no value: null holds its place (an expanded final argument is always a value).
  const isType = (i: number): boolean =>
    fn.params[i]?.typeExpression === true && !(call.expandFinal && i === call.args.length - 1);
  const values = call.args.map((arg, i) => (isType(i) ? null : evaluate(arg, frame)));
  const exprs = [...call.args];
  if (!call.expandFinal || call.args.length === 0) return { values, exprs };
  const last = values.pop()!;
  const lastExpr = exprs.pop()!;
  if (isUnknown(last)) return undefined;
  if (!Array.isArray(last)) {
    reportAt(
      frame,
      lastExpr.range,
      EvalCode.functionError,
      'Invalid expanding argument value: the expanding argument (indicated by ...) must be a list.',
    );
    return undefined;
  }
  return { values: [...values, ...last], exprs: [...exprs, ...last.map(() => lastExpr)] };
}

function unknownFunction(call: CallExpr, frame: Frame): Value {
  const suggestions = suggest(call.name, frame.functions.keys());
  const hint =
    call.name === envFunction.name
      ? ' env() may be called only in a variable\'s default: declare variable "NAME" { default = env("…") } and use var.NAME here.'
      : didYouMean(suggestions);
  reportAt(
    frame,
    call.nameRange,
    EvalCode.unknownFunction,
    `Call to unknown function: there is no function named "${call.name}".${hint}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

function checkArity(fn: HclFunction, args: readonly unknown[], call: CallExpr, frame: Frame): boolean {
  const min = fn.params.length;
  if (args.length < min) {
    const missing = fn.params[args.length]!;
    reportAt(
      frame,
      call.nameRange,
      EvalCode.functionArity,
      `Not enough function arguments: function "${fn.name}" expects ${fn.variadic ? 'at least ' : ''}${min} argument(s). Missing value for "${missing.name}".`,
    );
    return false;
  }
  if (!fn.variadic && args.length > min) {
    const extra = call.args[Math.min(min, call.args.length - 1)] ?? call;
    reportAt(
      frame,
      extra.range,
      EvalCode.functionArity,
      `Too many function arguments: function "${fn.name}" expects only ${min} argument(s).`,
    );
    return false;
  }
  return true;
}

/** The types written as `typeExpression` arguments; undefined when one is not a type (reported at it). */
function readTypes(fn: EagerFunction, exprs: Expr[], frame: Frame): HclType[] | undefined {
  const types: HclType[] = [];
  for (const [i, param] of fn.params.entries()) {
    if (!param.typeExpression) continue;
    const parsed = parseTypeExpr(exprs[i]!);
    if (!parsed.ok) {
      reportAt(frame, parsed.range, EvalCode.invalidType, `Invalid type specification: ${parsed.message}`);
      return undefined;
    }
    types.push(parsed.type);
  }
  return types;
}

function paramFor(fn: HclFunction, index: number): FunctionParam {
  return fn.params[index] ?? fn.variadic!;
}

/** Converted arguments; undefined when one is wrong (reported) or when the result cannot be known. */
function convertArguments(
  fn: EagerFunction,
  values: Value[],
  exprs: Expr[],
  call: CallExpr,
  frame: Frame,
): Value[] | undefined {
  const out: Value[] = [];
  let unknown = false;
  for (let i = 0; i < values.length; i++) {
    const param = paramFor(fn, i);
    if (param.typeExpression) {
      out.push(null);
      continue;
    }
    const value = values[i]!;
    const range = exprs[i]?.range ?? call.range;
    if (value === null && !param.allowNull) {
      reportAt(
        frame,
        range,
        EvalCode.functionError,
        `Invalid value for "${param.name}" parameter of ${fn.name}: argument must not be null.`,
      );
      return undefined;
    }
    const converted = convertValue(value, param.type);
    if (!converted.ok) {
      reportAt(
        frame,
        range,
        EvalCode.functionError,
        `Invalid value for "${param.name}" parameter of ${fn.name}: ${converted.message} (${describeType(param.type)} expected).`,
      );
      return undefined;
    }
    if (!param.allowUnknown && containsUnknown(converted.value)) unknown = true;
    out.push(converted.value);
  }
  return unknown ? undefined : out;
}

function lazyArgument(expr: Expr, frame: Frame, evaluate: Evaluate): LazyArgument {
  return {
    evaluate() {
      const recorder = new FailureRecorder();
      const value = evaluate(expr, withReporter(frame, recorder));
      return { value, failed: recorder.failed };
    },
  };
}

/** Runs a function; its FunctionError becomes a diagnostic at the argument at fault or the call. */
function guard(call: CallExpr, frame: Frame, run: () => Value): Value {
  try {
    return run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const argIndex = err instanceof FunctionError ? err.argIndex : undefined;
    const at = argIndex !== undefined ? call.args[Math.min(argIndex, call.args.length - 1)] : undefined;
    reportAt(
      frame,
      at?.range ?? call.range,
      EvalCode.functionError,
      `Error in function call: ${call.name}: ${message}`,
    );
    return UNKNOWN;
  }
}
