/**
 * The shape of an HCL function in the library: its signature (for arity and
 * argument checks here, and for completion, hover and signature help in the
 * language server) and its implementation.
 */
import type { TemplateFiles, Value } from '../evaluation-model.js';
import type { HclType } from './types.js';

/** One parameter. Arguments are converted to `type` before the call. */
export interface FunctionParam {
  name: string;
  type: HclType;
  /** Null is passed through instead of being an error. */
  allowNull?: boolean;
  /** UNKNOWN (or a value holding it) is passed through instead of making the result UNKNOWN. */
  allowUnknown?: boolean;
  /**
   * The argument is a type constraint written as an expression
   * (`list(string)`), as HCL's `convert` takes it: read as a type, never
   * evaluated, and given to the function in `types`.
   */
  typeExpression?: boolean;
}

/** What functions may read of the world; all of it injected, so template/ stays pure. */
export interface FunctionEnv {
  /** The clock for `timestamp()`. */
  now: Date;
  cwd: string;
  templateDir: string;
  /** Home directory for `pathexpand`, from the environment. */
  home?: string;
  /** An environment variable, for `env()` in a variable default; undefined = unset. */
  getenv?: (name: string) => string | undefined;
  /** Reads a file (`file`, `fileexists`, `templatefile`); undefined = unreadable. */
  readFile?: (path: string) => string | undefined;
  /** The filesystem `fileset` and `filebase64` read (listings, bytes). */
  files?: TemplateFiles;
  /**
   * Renders text as an HCL template with only `vars` in scope (for
   * `templatefile`); given by the evaluator, which has the parser.
   */
  renderTemplate?: (
    text: string,
    path: string,
    vars: Record<string, Value>,
  ) => { ok: true; value: Value } | { ok: false; message: string };
}

/**
 * A failure of a call. `argIndex` names the argument at fault, so the
 * diagnostic marks that argument rather than the whole call.
 */
export class FunctionError extends Error {
  constructor(
    message: string,
    readonly argIndex?: number,
  ) {
    super(message);
    this.name = 'FunctionError';
  }
}

/** An argument not yet evaluated (for `can` and `try`). */
export interface LazyArgument {
  /** Evaluates the argument; `failed` when evaluating it raised an error. */
  evaluate(): { value: Value; failed: boolean };
}

interface FunctionBase {
  name: string;
  /** One line of markdown for hover and completion. */
  description: string;
  params: FunctionParam[];
  /** Parameter repeated for any further arguments. */
  variadic?: FunctionParam;
  returnType: HclType;
  /** The result differs between calls (`timestamp`, `uuidv4`). */
  impure?: boolean;
}

/** A function called with its arguments evaluated and converted. */
export interface EagerFunction extends FunctionBase {
  kind: 'eager';
  /** `types` holds the types read from `typeExpression` parameters, in order; `args` holds null in their place. */
  impl(args: Value[], env: FunctionEnv, types: HclType[]): Value;
}

/** A function that decides itself whether to evaluate its arguments (`can`, `try`). */
export interface LazyFunction extends FunctionBase {
  kind: 'lazy';
  impl(args: LazyArgument[], env: FunctionEnv): Value;
}

export type HclFunction = EagerFunction | LazyFunction;

/** Declares an eager function (keeps the table entries short). */
export function fn(
  name: string,
  description: string,
  params: FunctionParam[],
  returnType: HclType,
  impl: (args: Value[], env: FunctionEnv, types: HclType[]) => Value,
  extra: { variadic?: FunctionParam; impure?: boolean } = {},
): EagerFunction {
  return { kind: 'eager', name, description, params, returnType, impl, ...extra };
}

/** Shorthand for a parameter. */
export function param(name: string, type: HclType, options: Omit<FunctionParam, 'name' | 'type'> = {}): FunctionParam {
  return { name, type, ...options };
}

/** `name(a string, b number, rest ...any) string`, as signature help shows it. */
export function signatureLabel(f: HclFunction, typeText: (t: HclType) => string): string {
  const params = f.params.map((p) => `${p.name} ${typeText(p.type)}`);
  if (f.variadic) params.push(`${f.variadic.name}... ${typeText(f.variadic.type)}`);
  return `${f.name}(${params.join(', ')}) ${typeText(f.returnType)}`;
}
