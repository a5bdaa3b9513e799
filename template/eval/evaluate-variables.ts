/**
 * Input variables: each declared variable's value from the source of highest
 * precedence (see variable-sources.ts), converted to its `type`, checked by
 * its `validation` blocks. Values for undeclared variables are reported as
 * Packer reports them.
 */
import type { Configuration, VariableDecl } from '../configuration-model.js';
import type { EvaluatedVariable, EvaluationInputs, Value } from '../evaluation-model.js';
import type { Expr, ParsedFile, Range } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { EvalCode } from './codes.js';
import { convertValue } from './convert.js';
import { makeDiagnostic, type Reporter } from './diagnostic-sink.js';
import { parseTypeExpr } from './parse-type.js';
import { typeToString, type HclType } from './types.js';
import { UNKNOWN, asBool, asString, isUnknown } from './value.js';
import {
  COMMAND_LINE,
  describeOrigin,
  orderedVarFiles,
  undeclaredCliValues,
  undeclaredFileValues,
  valueSources,
  type ValueSource,
} from './variable-sources.js';

/** What variable evaluation needs from the evaluator around it. */
export interface VariableEvaluator {
  reporter: Reporter;
  /** Evaluates a constant (a default or a var-file value): no var., no local; a default may call env(). */
  constant(expr: Expr, file: string, isDefault: boolean): Value;
  /** Evaluates a validation expression where only `var.<name>` is in scope. */
  validation(expr: Expr, file: string, name: string, value: Value): Value;
  /** Parses `-var`/env text as an HCL expression; undefined when it cannot. */
  parseExpression(text: string, label: string): { expr: Expr; file: string } | undefined;
}

/** Evaluates every declared variable; reports undeclared values. */
export function evaluateVariables(
  config: Configuration,
  inputs: EvaluationInputs,
  evaluator: VariableEvaluator,
): Map<string, EvaluatedVariable> {
  const varFiles = orderedVarFiles(config.files, inputs);
  const result = new Map<string, EvaluatedVariable>();
  for (const decl of config.variables) {
    if (result.has(decl.name)) continue; // a duplicate declaration is configuration's to report
    result.set(decl.name, evaluateVariable(decl, varFiles, inputs, evaluator));
  }
  reportUndeclared(new Set(result.keys()), varFiles, inputs, evaluator.reporter);
  reportVarFileBlocks(varFiles, evaluator.reporter);
  return result;
}

function evaluateVariable(
  decl: VariableDecl,
  varFiles: ParsedFile[],
  inputs: EvaluationInputs,
  evaluator: VariableEvaluator,
): EvaluatedVariable {
  const type = declaredType(decl, evaluator.reporter);
  const sources = valueSources(decl.name, decl.default, decl.file, varFiles, inputs);
  const sensitive = decl.sensitive ?? false;
  if (sources.length === 0) {
    evaluator.reporter.report(
      makeDiagnostic(
        decl.file,
        decl.headerRange,
        EvalCode.missingVariableValue,
        `Unset variable "${decl.name}": a used variable must be set or have a default value. Set it with -var ${decl.name}=…, a var file or PKR_VAR_${decl.name}.`,
      ),
    );
    return { name: decl.name, value: UNKNOWN, origin: 'none', sensitive };
  }
  // Every source is checked against the type, as Packer does, even the ones overridden.
  const values = sources.map((source) => sourceValue(decl, source, type, evaluator));
  const final = sources[sources.length - 1]!;
  const value = values[values.length - 1]!;
  validate(decl, value, final, evaluator);
  return { name: decl.name, value, origin: final.origin, sensitive };
}

/** The `type` constraint, `any` when absent or invalid (the fault reported). */
function declaredType(decl: VariableDecl, reporter: Reporter): HclType | undefined {
  if (!decl.typeExpr) return undefined;
  const parsed = parseTypeExpr(decl.typeExpr);
  if (parsed.ok) return parsed.type;
  reporter.report(
    makeDiagnostic(
      decl.file,
      parsed.range,
      EvalCode.invalidType,
      `Invalid type specification for variable "${decl.name}": ${parsed.message}`,
    ),
  );
  return { kind: 'any' };
}

/** Where a diagnostic about a source's value goes: the value itself, or the declaration for env and `-var`. */
function sourceLocation(decl: VariableDecl, source: ValueSource): { file: string; range: Range } {
  return source.origin === 'default' || source.origin === 'var-file'
    ? { file: source.file, range: source.range }
    : { file: decl.file, range: decl.nameRange };
}

function sourceValue(
  decl: VariableDecl,
  source: ValueSource,
  type: HclType | undefined,
  evaluator: VariableEvaluator,
): Value {
  const raw = rawValue(decl, source, type, evaluator);
  if (type === undefined || isUnknown(raw)) return raw;
  const converted = convertValue(raw, type);
  if (converted.ok) return converted.value;
  const where = sourceLocation(decl, source);
  const from = source.origin === 'env' || source.origin === 'cli' ? source.label : describeOrigin(source.origin);
  evaluator.reporter.report(
    makeDiagnostic(
      where.file,
      where.range,
      EvalCode.variableTypeMismatch,
      `Invalid value for variable "${decl.name}" from ${from}: it is not compatible with the type constraint ${typeToString(type)}: ${converted.message}.`,
    ),
  );
  return UNKNOWN;
}

/**
 * Env and `-var` text is a plain string for string, number and untyped
 * variables (converted afterwards), and an HCL expression for the others,
 * as Packer reads it.
 */
function rawValue(
  decl: VariableDecl,
  source: ValueSource,
  type: HclType | undefined,
  evaluator: VariableEvaluator,
): Value {
  if (!('text' in source)) return evaluator.constant(source.expr, source.file, source.origin === 'default');
  if (type === undefined || type.kind === 'string' || type.kind === 'number' || type.kind === 'any') return source.text;
  const parsed = evaluator.parseExpression(source.text, source.label);
  if (parsed) return evaluator.constant(parsed.expr, parsed.file, false);
  evaluator.reporter.report(
    makeDiagnostic(
      decl.file,
      decl.nameRange,
      EvalCode.variableTypeMismatch,
      `Invalid value for variable "${decl.name}" from ${source.label}: ${JSON.stringify(source.text)} is not a valid HCL expression for type ${typeToString(type)}.`,
    ),
  );
  return UNKNOWN;
}

/** Runs the validation blocks on the final value; a false condition marks the value's source. */
function validate(decl: VariableDecl, value: Value, source: ValueSource, evaluator: VariableEvaluator): void {
  if (isUnknown(value)) return;
  for (const rule of decl.validations) {
    const condition = evaluator.validation(rule.condition, decl.file, decl.name, value);
    if (isUnknown(condition)) continue;
    const passed = condition === null ? undefined : asBool(condition);
    if (passed === undefined) {
      evaluator.reporter.report(
        makeDiagnostic(
          decl.file,
          rule.condition.range,
          EvalCode.invalidExpression,
          'Invalid validation condition: the condition must be a bool.',
        ),
      );
      continue;
    }
    if (passed) continue;
    const text = rule.errorMessage ? evaluator.validation(rule.errorMessage, decl.file, decl.name, value) : UNKNOWN;
    const message =
      (isUnknown(text) || text === null ? undefined : asString(text)) ?? 'the validation condition is false.';
    const where = sourceLocation(decl, source);
    const from = source.origin === 'env' || source.origin === 'cli' ? source.label : describeOrigin(source.origin);
    evaluator.reporter.report(
      makeDiagnostic(
        where.file,
        where.range,
        EvalCode.variableValidation,
        `Invalid value for variable "${decl.name}" from ${from}: ${message}`,
      ),
    );
  }
}

/**
 * Blocks in var files. Packer reads a var file's body as attributes only and refuses any block: a `variable` block
 * with its own explanation (declarations belong in the configuration), any other as HCL's "Blocks are not allowed
 * here".
 */
function reportVarFileBlocks(varFiles: ParsedFile[], reporter: Reporter): void {
  for (const file of varFiles) {
    if (file.syntax !== 'hcl') continue; // a JSON var file's objects are values
    for (const block of file.body.blocks) {
      const name = block.labels[0]?.value;
      const message =
        block.type === 'variable' && name !== undefined
          ? `Variable declaration in a .pkrvars file: a var file assigns values to variables declared in .pkr.hcl files. Move variable "${name}" to one of them and set it here with ${name} = <value>.`
          : `Unexpected "${block.type}" block: blocks are not allowed in a var file, which holds only name = value assignments.`;
      reporter.report(makeDiagnostic(file.path, block.typeRange, EvalCode.varFileBlock, message));
    }
  }
}

function reportUndeclared(
  declared: ReadonlySet<string>,
  varFiles: ParsedFile[],
  inputs: EvaluationInputs,
  reporter: Reporter,
): void {
  for (const { file, attr } of undeclaredFileValues(varFiles, declared)) {
    reporter.report(
      makeDiagnostic(
        file,
        attr.nameRange,
        EvalCode.undeclaredVariableValue,
        `Undefined variable: a "${attr.name}" variable was set but was not found in known variables. To declare it, add variable "${attr.name}" {} to one of the .pkr.hcl files.${didYouMean(suggest(attr.name, declared))}`,
        'warning',
        { suggestions: suggest(attr.name, declared) },
      ),
    );
  }
  // Packer rejects a -var for an undeclared variable outright.
  for (const name of undeclaredCliValues(inputs, declared)) {
    reporter.report(
      makeDiagnostic(
        COMMAND_LINE,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        EvalCode.undeclaredVariableValue,
        `Undefined -var variable: a "${name}" variable was passed on the command line but was not found in known variables. To declare it, add variable "${name}" {} to one of the .pkr.hcl files.`,
      ),
    );
  }
}
