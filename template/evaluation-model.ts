/**
 * What evaluation gives: values of variables and locals, and a function that
 * evaluates any expression of the configuration in a context. HCL
 * (template/eval) and legacy JSON (template/interpolation) each implement it.
 */
import type { Diagnostic, Expr, ParsedFile } from './model.js';

/** A value not known before the build runs (or not computable statically). */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

export type ValueOrigin = 'default' | 'var-file' | 'cli' | 'env' | 'none';

export interface EvaluatedVariable {
  name: string;
  value: Value;
  origin: ValueOrigin;
  sensitive: boolean;
}

/** Where an expression sits: decides which references are in scope. */
export interface EvalContext {
  file: string;
  kind: 'variable' | 'local' | 'source' | 'build' | 'provisioner' | 'post-processor' | 'packer' | 'other';
  /** The source being built, for `source.name` / `source.type` and `{{build_name}}`. */
  source?: { type: string; name: string };
}

export interface EvaluationInputs {
  /** `--var k=v`, in order given (later wins). */
  vars: Array<[string, string]>;
  /** Parsed `.pkrvars.hcl` / `--var-file` files (HCL or JSON). */
  varFiles: ParsedFile[];
  /** Environment, for `PKR_VAR_*` and `{{env}}`. */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Directory of the template (HCL `path.root`, legacy `{{template_dir}}`). */
  templateDir: string;
  /** Reads a file for `file()`; undefined = unreadable. Keeps template/ pure. */
  readFile?: (path: string) => string | undefined;
  /** Whether a path (relative to templateDir) exists, for missing-file warnings. */
  fileExists?: (path: string) => boolean;
  /** Fixed clock for `timestamp()` in tests. */
  now?: Date;
}

export interface Evaluation {
  variables: Map<string, EvaluatedVariable>;
  locals: Map<string, Value>;
  diagnostics: Diagnostic[];
  /**
   * Evaluates an expression in a context. Never throws: what cannot be
   * computed is UNKNOWN (the reason is a diagnostic of evaluation, reported
   * once). HCL `build.X` in provisioners becomes the text `{{.X}}`.
   */
  evaluate(expr: Expr, context: EvalContext): Value;
}
