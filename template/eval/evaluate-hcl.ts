/**
 * HCL2 evaluation of a configuration: input variables (with Packer's
 * precedence of sources, type conversion and validation), locals (in
 * dependency order, cycles reported), and an `evaluate` for every other
 * expression in its context. Never throws; faults are diagnostics.
 */
import type { Configuration, LocalDecl } from '../configuration-model.js';
import type { EvalContext, EvaluatedVariable, Evaluation, EvaluationInputs, Value } from '../evaluation-model.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import type { Expr } from '../model.js';
import { EvalCode } from './codes.js';
import { DiagnosticSink, makeDiagnostic } from './diagnostic-sink.js';
import { evaluateVariables, type VariableEvaluator } from './evaluate-variables.js';
import { evaluateExpr } from './evaluate-expr.js';
import { newBudget, type Frame, type Names } from './frame.js';
import type { FunctionEnv, HclFunction } from './function-model.js';
import { variableDefaultFunctions } from './functions/env.js';
import { hclFunctions } from './library.js';
import { localCycles } from './local-order.js';
import { LocalValues } from './local-values.js';
import { templateRenderer } from './render-template-file.js';
import { UNKNOWN } from './value.js';

/** Evaluates the variables and locals of an HCL configuration. */
export function evaluateHcl(config: Configuration, inputs: EvaluationInputs): Evaluation {
  const sink = new DiagnosticSink();
  const env = functionEnv(inputs);
  let variables = new Map<string, EvaluatedVariable>();
  const locals = new LocalValues(config.locals);
  const names: Names = {
    variable: (name) => variables.get(name)?.value,
    variableNames: () => [...variables.keys()],
    local: (name) => locals.value(name),
    localNames: () => locals.names(),
    dataSource: (type, name) => config.dataSources.some((d) => d.type === type && d.name === name),
    dataSourceNames: () => config.dataSources.map((d) => `${d.type}.${d.name}`),
  };
  const run = guardedEvaluation(sink);
  const frame = (context: EvalContext, frameNames: Names = names, selfVariable?: string): Frame => ({
    context,
    names: frameNames,
    reporter: sink,
    functions: functionsIn(context, selfVariable),
    env,
    iterators: new Map(Object.entries(context.iterators ?? {})),
    budget: newBudget(),
    ...(selfVariable !== undefined ? { selfVariable } : {}),
  });
  const evaluate = (expr: Expr, context: EvalContext): Value => run(expr, frame(context));

  variables = evaluateVariables(config, inputs, variableEvaluator(sink, run, frame, names));
  locals.start((decl) => evaluate(decl.value, { file: decl.file, kind: 'local' }));
  reportCycles(config.locals, locals, sink);
  locals.evaluateAll();
  return { variables, locals: locals.values, diagnostics: sink.diagnostics, evaluate };
}

/** What functions may read of the world, from the inputs (the clock, directories, HOME, the file reader and filesystem). */
function functionEnv(inputs: EvaluationInputs): FunctionEnv {
  const env: FunctionEnv = {
    now: inputs.now ?? new Date(),
    cwd: inputs.cwd,
    templateDir: inputs.templateDir,
    ...(inputs.env.HOME !== undefined ? { home: inputs.env.HOME } : {}),
    getenv: (name) => inputs.env[name],
    ...(inputs.readFile ? { readFile: inputs.readFile } : {}),
    ...(inputs.files ? { files: inputs.files } : {}),
  };
  env.renderTemplate = templateRenderer(hclFunctions, () => env);
  return env;
}

const NO_FUNCTIONS: ReadonlyMap<string, HclFunction> = new Map();

/**
 * The functions an expression may call where it stands. Packer evaluates a
 * variable default with `env` alone, var-file and `-var` values and the
 * `packer` block with none, and everything else with the whole library.
 */
function functionsIn(context: EvalContext, selfVariable: string | undefined): ReadonlyMap<string, HclFunction> {
  if (context.kind === 'variable' && selfVariable === undefined)
    return context.variableDefault ? variableDefaultFunctions : NO_FUNCTIONS;
  return context.kind === 'packer' ? NO_FUNCTIONS : hclFunctions;
}

/** Evaluation that keeps the promise never to throw, and drops values computed past the step budget. */
function guardedEvaluation(sink: DiagnosticSink): (expr: Expr, frame: Frame) => Value {
  return (expr, frame) => {
    try {
      const value = evaluateExpr(expr, frame);
      // A value computed past the budget is partial: not a value at all.
      return frame.budget.exhausted ? UNKNOWN : value;
    } catch (err) {
      // A defect of ours, not of the template: say so at the expression, keep going.
      const message = err instanceof Error ? err.message : String(err);
      sink.report(
        makeDiagnostic(
          frame.context.file,
          expr.range,
          EvalCode.invalidExpression,
          `Internal error while evaluating this expression: ${message}`,
        ),
      );
      return UNKNOWN;
    }
  };
}

function variableEvaluator(
  sink: DiagnosticSink,
  run: (expr: Expr, frame: Frame) => Value,
  frame: (context: EvalContext, names?: Names, selfVariable?: string) => Frame,
  names: Names,
): VariableEvaluator {
  return {
    reporter: sink,
    constant: (expr, file, isDefault) =>
      run(expr, frame({ file, kind: 'variable', ...(isDefault ? { variableDefault: true } : {}) })),
    validation: (expr, file, name, value) => {
      const only: Names = { ...names, variable: (n) => (n === name ? value : undefined), variableNames: () => [name] };
      return run(expr, frame({ file, kind: 'variable' }, only, name));
    },
    parseExpression: (text, label) => parseValueText(text, label),
  };
}

/** `-var` / env text as an HCL expression (Packer parses it the same way for complex types). */
function parseValueText(text: string, label: string): { expr: Expr; file: string } | undefined {
  const file = `<value for ${label}>`;
  try {
    const parsed = parseHcl(file, `value = ${text}\n`);
    const attr = parsed.body.attributes[0];
    if (parsed.diagnostics.some((d) => d.severity === 'error') || !attr || parsed.body.attributes.length !== 1)
      return undefined;
    return { expr: attr.value, file };
  } catch {
    // The HCL grammar is not loaded (a JSON-only caller): the text cannot be read as HCL.
    return undefined;
  }
}

function reportCycles(decls: LocalDecl[], locals: LocalValues, sink: DiagnosticSink): void {
  for (const cycle of localCycles(decls)) {
    locals.markCyclic(cycle);
    const path = [...cycle, cycle[0]!].map((n) => `local.${n}`).join(' → ');
    for (const decl of decls.filter((d) => cycle.includes(d.name))) {
      sink.report(
        makeDiagnostic(
          decl.file,
          decl.nameRange,
          EvalCode.localCycle,
          `Local "${decl.name}" depends on itself: ${path}. Break the cycle; its value cannot be known.`,
        ),
      );
    }
  }
}
