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

/** Where an expression sits: decides which references and functions are in scope. */
export interface EvalContext {
  file: string;
  kind: 'variable' | 'local' | 'data' | 'source' | 'build' | 'provisioner' | 'post-processor' | 'packer' | 'other';
  /** The source being built, for `source.name` / `source.type` and `{{build_name}}`. */
  source?: { type: string; name: string };
  /** A variable's `default` (kind `variable`): Packer lets it call `env()`, and nothing else. */
  variableDefault?: boolean;
  /** Iterators in scope (`dynamic` block content: `tag.key`, `tag.value`), by name. */
  iterators?: Readonly<Record<string, Value>>;
}

/** What a path names, links followed. */
export type FileKind = 'file' | 'directory' | 'other';

/**
 * The least of a filesystem the file functions need, injected so template/
 * does no I/O of its own (the CLI and the server give Node's, through
 * runner/template/files.ts). Failures throw Node-style errno errors (an
 * Error with `code`, e.g. `ENOENT`, and `syscall`, e.g. `open`): the
 * functions turn them into Packer's (Go's) error texts.
 */
export interface TemplateFiles {
  /** The bytes of a file, links followed (Node's readFileSync). */
  readBytes(path: string): Uint8Array;
  /** What is at a path, links followed (Node's statSync); throws when nothing is, a broken link included. */
  stat(path: string): FileKind;
  /** Whether anything is at a path, a broken link included (Go's Lstat succeeding); never throws. */
  exists(path: string): boolean;
  /** The names of a directory's entries, without `.` and `..` (Node's readdirSync). */
  list(path: string): string[];
  /** The path with every link resolved (Node's realpathSync). */
  realpath(path: string): string;
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
  /** Whether a path exists, for missing-file warnings: absolute, or relative to `cwd` (Packer opens plugin paths as given). */
  fileExists?: (path: string) => boolean;
  /**
   * The filesystem `fileset` and `filebase64` may read (directory listings
   * and bytes, which `readFile` cannot give). Without it they are UNKNOWN.
   * The paths it is given are built from `templateDir` and `cwd`: absolute
   * when those are.
   */
  files?: TemplateFiles;
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
