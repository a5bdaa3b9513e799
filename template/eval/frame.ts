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
  /** Whether a `data "TYPE" "NAME"` block is declared. */
  dataSource(type: string, name: string): boolean;
  /** Declared data sources as `TYPE.NAME`. */
  dataSourceNames(): string[];
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

/**
 * Places Packer evaluates with no variables: a variable's default (which may
 * call `env()`), a variable's value from a var file or `-var`, and the
 * `packer` block. undefined everywhere else.
 */
export type ConstantPlace = 'variable-default' | 'variable-value' | 'packer';

export function constantPlace(frame: Frame): ConstantPlace | undefined {
  const { kind, variableDefault } = frame.context;
  if (kind === 'packer') return 'packer';
  if (kind !== 'variable' || frame.selfVariable !== undefined) return undefined;
  return variableDefault ? 'variable-default' : 'variable-value';
}

/** How messages name a constant place. */
export const CONSTANT_PLACE_TEXT: Readonly<Record<ConstantPlace, string>> = {
  'variable-default': "a variable's default must be a constant",
  'variable-value': 'a variable value must be a constant',
  packer: 'the packer block is read before variables exist and must be written as literal values',
};

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
