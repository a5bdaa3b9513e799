/**
 * User variables of a legacy JSON template, as Packer computes them: the
 * defaults of `"variables"`, overridden by JSON var files and then by `-var`
 * (later wins), every value rendered with `{{env}}` enabled and with
 * `{{user}}` reaching any other variable whatever its order — Packer retries
 * until the references settle; here each variable is resolved on demand,
 * and a reference cycle is reported instead of looping.
 */
import type { Configuration, VariableDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import {
  UNKNOWN,
  type EvaluatedVariable,
  type EvaluationInputs,
  type Unknown,
  type ValueOrigin,
} from '../evaluation-model.js';
import type { Diagnostic, Expr, ParsedFile, TemplateExpr } from '../model.js';
import { staticString } from '../static-value.js';
import type { GoTemplate } from './go-template-ast.js';
import { parseGoTemplate, parseGoTemplateText } from './parse-go-template.js';
import { RenderError } from './render-error.js';
import type { FunctionContext } from './render-functions.js';
import { renderParsedTemplate } from './render-go-template.js';

/** A variable's value before rendering, and where it came from. */
interface RawValue {
  /** Template text, or UNKNOWN when there is no usable value. */
  text: string | Unknown;
  origin: ValueOrigin;
  /** The expression the text came from (default or var file), for ranges. */
  expr?: TemplateExpr;
}

/** Functions context shared by every rendering of one evaluation. */
export type BaseFunctions = Omit<FunctionContext, 'userVariables' | 'enableEnv'>;

export interface LegacyVariables {
  variables: Map<string, EvaluatedVariable>;
  diagnostics: Diagnostic[];
}

/** Computes every user variable's value. */
export function evaluateLegacyVariables(
  config: Configuration,
  inputs: EvaluationInputs,
  functions: BaseFunctions,
): LegacyVariables {
  return new VariableResolver(config, inputs, functions).run();
}

class VariableResolver {
  private readonly declared = new Map<string, VariableDecl>();
  private readonly raw = new Map<string, RawValue>();
  private readonly resolved = new Map<string, string | Unknown>();
  /** Names being resolved, outermost first: a repeat is a cycle. */
  private readonly stack: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly config: Configuration,
    private readonly inputs: EvaluationInputs,
    private readonly functions: BaseFunctions,
  ) {}

  run(): LegacyVariables {
    for (const decl of this.config.variables) {
      this.declared.set(decl.name, decl);
      this.raw.set(decl.name, defaultValue(decl.default));
    }
    for (const file of this.inputs.varFiles) this.applyVarFile(file);
    for (const [name, value] of this.inputs.vars) this.raw.set(name, { text: value, origin: 'cli' });
    const sensitive = sensitiveNames(this.config);
    const variables = new Map<string, EvaluatedVariable>();
    for (const [name, raw] of this.raw) {
      const value = this.resolve(name) ?? UNKNOWN;
      const isSensitive = sensitive.has(name) || !!this.declared.get(name)?.sensitive;
      variables.set(name, { name, value, origin: raw.origin, sensitive: isSensitive });
    }
    return { variables, diagnostics: this.diagnostics };
  }

  private applyVarFile(file: ParsedFile): void {
    if (file.syntax !== 'json') {
      this.diagnostics.push(
        diagnostic(
          file.path,
          file.body.range,
          'invalid-var-file',
          `"${file.path}" is not JSON: legacy JSON templates take var files holding one JSON object of strings ({"name": "value"}).`,
        ),
      );
      return;
    }
    for (const attribute of file.body.attributes) {
      const text = staticString(attribute.value);
      if (attribute.value.type === 'literal' && attribute.value.value === null) continue;
      if (text === undefined || attribute.value.type !== 'template') {
        this.diagnostics.push(
          diagnostic(
            file.path,
            attribute.value.range,
            'invalid-variable-value',
            `The value of "${attribute.name}" in var file "${file.path}" must be a string; write it in quotes.`,
          ),
        );
        continue;
      }
      this.raw.set(attribute.name, { text, origin: 'var-file', expr: attribute.value });
    }
  }

  /** The rendered value; undefined when no such variable exists. */
  private resolve(name: string): string | Unknown | undefined {
    const done = this.resolved.get(name);
    if (done !== undefined) return done;
    const raw = this.raw.get(name);
    if (!raw) return undefined;
    if (this.stack.includes(name)) {
      this.reportCycle(name);
      return UNKNOWN;
    }
    this.stack.push(name);
    try {
      const value = this.render(name, raw);
      this.resolved.set(name, value);
      return value;
    } finally {
      this.stack.pop();
    }
  }

  private render(name: string, raw: RawValue): string | Unknown {
    if (raw.text === UNKNOWN) {
      this.reportMissing(name);
      return UNKNOWN;
    }
    if (!raw.text.includes('{{')) return raw.text;
    const template = parsed(raw);
    try {
      return renderParsedTemplate(template, {
        keepUnknownData: true,
        functions: { ...this.functions, enableEnv: true, userVariables: { get: (n) => this.resolve(n) } },
      });
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      this.reportRenderError(name, raw, err);
      return UNKNOWN;
    }
  }

  private reportMissing(name: string): void {
    const decl = this.declared.get(name);
    if (decl?.default?.type !== 'literal' || decl.default.value !== null) return;
    this.diagnostics.push(
      diagnostic(
        decl.file,
        decl.nameRange,
        'missing-variable-value',
        `Variable "${name}" is required (its default is null) but has no value. Set it with -var ${name}=VALUE or in a -var-file.`,
      ),
    );
  }

  private reportCycle(name: string): void {
    const cycle = [...this.stack.slice(this.stack.indexOf(name)), name];
    const decl = this.declared.get(name);
    if (!decl) return;
    this.diagnostics.push(
      diagnostic(
        decl.file,
        decl.default?.range ?? decl.nameRange,
        'variable-cycle',
        `Variable "${name}" depends on itself (${cycle.join(' → ')}); break the cycle by giving one of them a plain value.`,
      ),
    );
  }

  /**
   * Only failures the checker cannot see statically become diagnostics here
   * (a split index past the end, a secret store chrootforge cannot read);
   * syntax, unknown functions, arity and undeclared names are the checker's.
   */
  private reportRenderError(name: string, raw: RawValue, err: RenderError): void {
    if (err.code !== 'function-error' && err.code !== 'unsupported' && err.code !== 'not-available') return;
    const decl = this.declared.get(name);
    const path = raw.origin === 'var-file' ? this.varFileOf(raw) : decl?.file;
    const range = raw.expr ? (err.range ?? raw.expr.range) : decl?.nameRange;
    if (!path || !range) return;
    const where = raw.origin === 'cli' ? ' (value given with -var)' : '';
    this.diagnostics.push(
      diagnostic(
        path,
        range,
        'variable-render-error',
        `Cannot compute variable "${name}"${where}: ${err.message}.`,
        err.code === 'unsupported' ? 'warning' : 'error',
      ),
    );
  }

  private varFileOf(raw: RawValue): string | undefined {
    return this.inputs.varFiles.find((f) => f.body.attributes.some((a) => a.value === raw.expr))?.path;
  }
}

/** A declaration's default: text, or UNKNOWN for null (required) and non-strings. */
function defaultValue(expr: Expr | undefined): RawValue {
  const text = staticString(expr);
  if (text !== undefined && expr?.type === 'template') return { text, origin: 'default', expr };
  return { text: UNKNOWN, origin: expr?.type === 'literal' && expr.value === null ? 'none' : 'default' };
}

/** Parses a value: with file ranges when it came from a file, else as plain text. */
function parsed(raw: RawValue): GoTemplate {
  return raw.expr ? parseGoTemplate(raw.expr, 'json') : parseGoTemplateText(raw.text as string);
}

/** Names listed in the template's top-level `"sensitive-variables"`. */
function sensitiveNames(config: Configuration): Set<string> {
  const names = new Set<string>();
  for (const file of config.files) {
    if (file.syntax !== 'json') continue;
    const list = file.body.attributes.find((a) => a.name === 'sensitive-variables')?.value;
    if (list?.type !== 'tuple') continue;
    for (const item of list.items) {
      const name = staticString(item);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}
