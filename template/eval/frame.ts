/**
 * The state one expression is evaluated in: where it stands, what names are
 * in scope, and where faults go.
 */
import type { EvalContext, Value } from '../evaluation-model.js';
import type { Range, Severity, DiagnosticData } from '../model.js';
import { makeDiagnostic, type Reporter } from './diagnostic-sink.js';
import type { FunctionEnv, HclFunction } from './function-model.js';

/** The declared names an expression can refer to. */
export interface Names {
  /** A declared variable's value; undefined when no variable of that name is declared. */
  variable(name: string): Value | undefined;
  variableNames(): string[];
  /** A declared local's value (evaluated on first use); undefined when undeclared. */
  local(name: string): Value | undefined;
  localNames(): string[];
}

/** Everything evaluation of one expression needs. */
export interface Frame {
  context: EvalContext;
  names: Names;
  reporter: Reporter;
  functions: ReadonlyMap<string, HclFunction>;
  env: FunctionEnv;
  /** `for` iteration variables in scope, innermost last. */
  iterators: ReadonlyMap<string, Value>;
  /** In a `validation` condition: the one variable that may be referred to. */
  selfVariable?: string;
  /** Steps left for this evaluation (shared by its sub-frames). */
  budget: EvaluationBudget;
}

/**
 * A bound on the work of one evaluation: nested `for` expressions over
 * large ranges could otherwise keep an editor busy for minutes.
 */
export interface EvaluationBudget {
  remaining: number;
  exhausted: boolean;
}

/** Expressions one evaluation may visit; real templates need thousands. */
export const STEP_LIMIT = 1_000_000;

/** A fresh budget for one top-level evaluation. */
export function newBudget(limit = STEP_LIMIT): EvaluationBudget {
  return { remaining: limit, exhausted: false };
}

/** Reports a fault of the expression being evaluated, in its file. */
export function reportAt(
  frame: Frame,
  range: Range,
  code: string,
  message: string,
  severity: Severity = 'error',
  data?: DiagnosticData,
): void {
  frame.reporter.report(makeDiagnostic(frame.context.file, range, code, message, severity, data));
}

/** The same frame with other reporting (for `can`/`try` and untaken branches). */
export function withReporter(frame: Frame, reporter: Reporter): Frame {
  return { ...frame, reporter };
}
