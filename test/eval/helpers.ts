/**
 * Test helpers: parse real HCL text into a configuration, evaluate it, and
 * evaluate single expressions in a chosen context.
 */
import { buildConfiguration } from '../../template/configuration.js';
import { evaluateHcl } from '../../template/eval/evaluate-hcl.js';
import type { EvalContext, Evaluation, EvaluationInputs, Value } from '../../template/evaluation-model.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Diagnostic, Expr, ParsedFile, Range } from '../../template/model.js';

export const FILE = '/t/main.pkr.hcl';

/** Loads the HCL grammar; call in beforeAll. */
export async function setup(): Promise<void> {
  await initHclParser();
}

export function inputs(overrides: Partial<EvaluationInputs> = {}): EvaluationInputs {
  return {
    vars: [],
    varFiles: [],
    env: {},
    cwd: '/work/dir',
    templateDir: '/t',
    now: new Date('2024-02-03T04:05:06Z'),
    ...overrides,
  };
}

/** Evaluates a configuration made of the given files (`path → text`). */
export function evaluateFiles(
  files: Record<string, string>,
  overrides: Partial<EvaluationInputs> = {},
): Evaluation & { parsed: ParsedFile[] } {
  const parsed = Object.entries(files).map(([path, text]) => parseHcl(path, text));
  const { config } = buildConfiguration(parsed);
  return { ...evaluateHcl(config, inputs(overrides)), parsed };
}

/** Evaluates one configuration file. */
export function evaluateText(
  text: string,
  overrides: Partial<EvaluationInputs> = {},
): Evaluation & { parsed: ParsedFile[] } {
  return evaluateFiles({ [FILE]: text }, overrides);
}

/** A parsed var file. */
export function varFile(path: string, text: string): ParsedFile {
  return parseHcl(path, text);
}

/** The expression of `x = <source>` in a parsed file. */
export function parseExpr(source: string, path = FILE): Expr {
  const file = parseHcl(path, `x = ${source}\n`);
  const errors = file.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test expression does not parse: ${source}: ${errors[0]!.message}`);
  return file.body.attributes[0]!.value;
}

/**
 * Evaluates one expression (written after `x = ` on line 0, so its columns
 * are offset by 4) with the given declarations around it.
 */
export function evalExpr(
  source: string,
  options: { declarations?: string; context?: Partial<EvalContext>; inputs?: Partial<EvaluationInputs> } = {},
): { value: Value; diagnostics: Diagnostic[] } {
  const declarations = options.declarations ?? '';
  const evaluation = evaluateText(declarations, options.inputs);
  const before = evaluation.diagnostics.length;
  const expr = parseExpr(source, '/t/expr.pkr.hcl');
  const value = evaluation.evaluate(expr, { file: '/t/expr.pkr.hcl', kind: 'build', ...options.context });
  return { value, diagnostics: evaluation.diagnostics.slice(before) };
}

/** A range on one line. */
export function range(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** Just the codes, for compact expectations. */
export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** The value of an expression that must evaluate without any diagnostic. */
export function valueOfSource(source: string, options: Parameters<typeof evalExpr>[1] = {}): Value {
  const { value, diagnostics } = evalExpr(source, options);
  if (diagnostics.length > 0)
    throw new Error(`unexpected diagnostics for ${source}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return value;
}

/** The one diagnostic an expression must produce. */
export function onlyDiagnostic(source: string, options: Parameters<typeof evalExpr>[1] = {}): Diagnostic {
  const { diagnostics } = evalExpr(source, options);
  if (diagnostics.length !== 1)
    throw new Error(`expected one diagnostic for ${source}, got: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  return diagnostics[0]!;
}

/**
 * The range of `needle` in an expression passed to evalExpr: its first
 * occurrence, or the one numbered after `#` (`"2#1"` = the second "2").
 */
export function rangeOf(source: string, target: string, nth = 0): Range {
  const hash = target.lastIndexOf('#');
  const numbered = hash > 0 && /^\d+$/.test(target.slice(hash + 1));
  const needle = numbered ? target.slice(0, hash) : target;
  const occurrence = numbered ? Number(target.slice(hash + 1)) : nth;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = source.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${source}`);
  return range(0, 4 + at, 4 + at + needle.length);
}
