/**
 * Checks the `{{ }}` Go-template text of one string value: syntax, template
 * data (`{{.Device}}`) against what the field offers, function names, arity,
 * argument types, where a function may be used, and `{{user `x`}}` against
 * the declared variables. Every diagnostic marks the exact token.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic, Range, Syntax, TemplateExpr } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Command, FieldName, GoTemplate, IdentifierNode, Operand } from './go-template-ast.js';
import { walkOperands } from './go-template-ast.js';
import { arityOf, signatureOf, TEMPLATE_FUNCTIONS, templateFunction, type TemplateFunction } from './functions.js';
import { KNOWN_TEMPLATE_DATA } from './known-template-data.js';
import { mayContainActions, parseGoTemplate } from './parse-go-template.js';

/** What the checker needs to know about the string's place in the template. */
export interface GoTemplateCheckContext {
  file: string;
  syntax: Syntax;
  /** Template data this field renders with, without dots: `['Device', 'MountPath']`. */
  allowedData: readonly string[];
  /** The string is a default in legacy `"variables"` (env and secrets allowed). */
  inVariables: boolean;
  /** Legacy JSON: declared user variables; undefined = do not check `user` names. */
  userVariables?: ReadonlySet<string>;
  /** Field name used in messages, e.g. `pre_mount_commands`. */
  field: string;
  /** Data names other fields offer, each with the fields offering it (from the schema). */
  dataElsewhere?: ReadonlyMap<string, readonly string[]>;
  /** True in provisioners and post-processors, false elsewhere; undefined = do not check `build`. */
  inProvisioner?: boolean;
  /** Shared build data names for `{{build `X`}}`; undefined = do not check them. */
  buildData?: readonly string[];
  /** Functions only some fields define (e.g. `clean_resource_name`) that this field does. */
  fieldFunctions?: readonly string[];
  /** Such functions with the fields of the block that do define them (from the schema). */
  functionsElsewhere?: ReadonlyMap<string, readonly string[]>;
}

/** Diagnostics for the `{{ }}` text of a string value. */
export function checkGoTemplate(expr: TemplateExpr, ctx: GoTemplateCheckContext): Diagnostic[] {
  const hasActions = expr.parts.some((p) => p.kind === 'literal' && mayContainActions(p.value));
  if (!hasActions) return [];
  return checkParsedGoTemplate(parseGoTemplate(expr, ctx.syntax), ctx);
}

/** The same checks on a template already parsed (by the language server, say). */
export function checkParsedGoTemplate(template: GoTemplate, ctx: GoTemplateCheckContext): Diagnostic[] {
  const out: Diagnostic[] = template.errors.map((e) => syntaxDiagnostic(e.message, e.range, ctx));
  for (const node of template.nodes) {
    if (node.kind !== 'action' || !node.pipeline) continue;
    walkOperands(node.pipeline, (operand, command, index, pipeline) => {
      checkOperand(operand, command, index, pipeline.commands.indexOf(command) > 0, ctx, out);
    });
  }
  return out;
}

function syntaxDiagnostic(message: string, range: Range, ctx: GoTemplateCheckContext): Diagnostic {
  const hint = message.startsWith('unclosed action')
    ? ' Close the action with "}}", or write a literal "{{" as {{"{{"}}.'
    : ' Fix the template text.';
  return diagnostic(ctx.file, range, 'template-syntax', `Template syntax error in "${ctx.field}": ${message}.${hint}`);
}

function checkOperand(
  operand: Operand,
  command: Command,
  index: number,
  piped: boolean,
  ctx: GoTemplateCheckContext,
  out: Diagnostic[],
): void {
  if (operand.kind === 'field') checkData(operand.names, ctx, out);
  else if (operand.kind === 'variable' && operand.name === '$' && operand.fields.length > 0)
    checkData(operand.fields, ctx, out);
  else if (operand.kind === 'identifier') checkCall(operand, command, index, piped, ctx, out);
}

/* ------------------------------------------------------------------ */
/* Template data                                                       */
/* ------------------------------------------------------------------ */

function checkData(names: FieldName[], ctx: GoTemplateCheckContext, out: Diagnostic[]): void {
  const [head, next] = names;
  if (!head) return;
  if (ctx.allowedData.includes(head.name)) {
    if (next) {
      out.push(
        diagnostic(
          ctx.file,
          next.range,
          'unknown-template-data',
          `In "${ctx.field}", .${head.name} is text and has no field .${next.name}. Remove ".${next.name}".`,
        ),
      );
    }
    return;
  }
  const suggestions = suggest(head.name, ctx.allowedData);
  const data = suggestions.length > 0 ? { suggestions: suggestions.map((s) => `.${s}`) } : undefined;
  if (isDataElsewhere(head.name, ctx)) {
    out.push(
      diagnostic(
        ctx.file,
        head.range,
        'template-data-not-allowed',
        `.${head.name} is not available in "${ctx.field}": ${offers(ctx)}${whereElse(head.name, ctx)}`,
        'error',
        data,
      ),
    );
    return;
  }
  const candidates = suggestions.length > 0 ? suggestions : suggest(head.name, knownDataNames(ctx));
  out.push(
    diagnostic(
      ctx.file,
      head.range,
      'unknown-template-data',
      `Unknown template data ".${head.name}" in "${ctx.field}".${didYouMean(candidates.map((s) => `.${s}`))} ${capitalize(offers(ctx))}`,
      'error',
      candidates.length > 0 ? { suggestions: candidates.map((s) => `.${s}`) } : undefined,
    ),
  );
}

function isDataElsewhere(name: string, ctx: GoTemplateCheckContext): boolean {
  return ctx.dataElsewhere ? ctx.dataElsewhere.has(name) : KNOWN_TEMPLATE_DATA.has(name);
}

function knownDataNames(ctx: GoTemplateCheckContext): Iterable<string> {
  return ctx.dataElsewhere ? ctx.dataElsewhere.keys() : KNOWN_TEMPLATE_DATA;
}

/** "this field offers .Device, .MountPath." */
function offers(ctx: GoTemplateCheckContext): string {
  if (ctx.allowedData.length === 0) return 'this field has no template data; remove the action or use a variable.';
  return `this field offers ${ctx.allowedData.map((d) => `.${d}`).join(', ')}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function whereElse(name: string, ctx: GoTemplateCheckContext): string {
  const fields = ctx.dataElsewhere?.get(name);
  return fields && fields.length > 0 ? ` .${name} is available in ${fields.map((f) => `"${f}"`).join(', ')}.` : '';
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

function checkCall(
  name: IdentifierNode,
  command: Command,
  index: number,
  piped: boolean,
  ctx: GoTemplateCheckContext,
  out: Diagnostic[],
): void {
  const fn = templateFunction(name.name);
  if (!fn) {
    out.push(unknownFunction(name, ctx));
    return;
  }
  if (ctx.syntax === 'hcl' && fn.hclUnavailable) {
    out.push(legacyInHcl(name, fn, ctx));
    return;
  }
  const scopeProblem = scopeDiagnostic(name, fn, ctx);
  if (scopeProblem) {
    out.push(scopeProblem);
    return;
  }
  // A function named as an argument (`{{upper timestamp}}`) is called with no arguments.
  const args = index === 0 ? command.args.slice(1) : [];
  const arity = arityDiagnostic(name, fn, args.length + (index === 0 && piped ? 1 : 0), ctx);
  if (arity) {
    out.push(arity);
    return;
  }
  out.push(...argumentTypeDiagnostics(fn, args, ctx));
  if (fn.name === 'user') out.push(...userVariableDiagnostics(args[0], ctx));
  if (fn.name === 'build') out.push(...buildDataDiagnostics(args[0], ctx));
}

function unknownFunction(name: IdentifierNode, ctx: GoTemplateCheckContext): Diagnostic {
  const available = [...TEMPLATE_FUNCTIONS.values()]
    .filter((f) => ctx.syntax === 'json' || !f.hclUnavailable)
    .filter((f) => f.scope !== 'fields' || ctx.fieldFunctions?.includes(f.name))
    .map((f) => f.name);
  const suggestions = suggest(name.name, available);
  const hint = ctx.syntax === 'hcl' ? ' In HCL2, HCL functions in ${ } interpolations are another way.' : '';
  return diagnostic(
    ctx.file,
    name.range,
    'unknown-function',
    `Unknown template function "${name.name}" in "${ctx.field}" (function "${name.name}" not defined).${didYouMean(suggestions)}${hint}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
}

/**
 * A legacy function an HCL2 plugin field cannot call: Packer renders the
 * field, but without what the function reads. No quick fix: the equivalent
 * is HCL, written outside the `{{ }}` action.
 */
function legacyInHcl(name: IdentifierNode, fn: TemplateFunction, ctx: GoTemplateCheckContext): Diagnostic {
  const instead = fn.hclEquivalent ? ` Use ${fn.hclEquivalent} in a \${ } interpolation instead.` : '';
  return diagnostic(
    ctx.file,
    name.range,
    'legacy-function-in-hcl',
    `"${fn.name}" does not work in an HCL2 template: ${fn.hclUnavailable}.${instead}`,
  );
}

function scopeDiagnostic(
  name: IdentifierNode,
  fn: TemplateFunction,
  ctx: GoTemplateCheckContext,
): Diagnostic | undefined {
  if (fn.deprecated)
    return diagnostic(ctx.file, name.range, 'deprecated-function', `In "${ctx.field}": ${fn.deprecated}`);
  if (fn.scope === 'variables' && !ctx.inVariables) {
    const code = fn.name === 'env' ? 'env-outside-variables' : 'function-outside-variables';
    return diagnostic(
      ctx.file,
      name.range,
      code,
      `"${fn.name}" is only allowed in the defaults of "variables", not in "${ctx.field}". Declare a variable whose default uses it, and write {{user \`name\`}} here.`,
    );
  }
  if (fn.scope === 'provisioners' && ctx.inProvisioner === false) {
    return diagnostic(
      ctx.file,
      name.range,
      'build-outside-provisioners',
      `"${fn.name}" reads shared build data, which exists only in provisioners and post-processors, not in "${ctx.field}". Use the field's own data (${ctx.allowedData.map((d) => `.${d}`).join(', ') || 'none'}) instead.`,
    );
  }
  if (fn.scope === 'fields' && !ctx.fieldFunctions?.includes(fn.name)) {
    const fields = ctx.functionsElsewhere?.get(fn.name) ?? [];
    const where =
      fields.length > 0
        ? `this builder defines it only in ${fields.map((f) => `"${f}"`).join(', ')}`
        : 'only some builders define it, in some of their fields (amazon-chroot "ami_name")';
    return diagnostic(
      ctx.file,
      name.range,
      'function-not-available',
      `Function "${fn.name}" is not defined in "${ctx.field}": ${where}. Packer stops with: function "${fn.name}" not defined.`,
      ctx.fieldFunctions ? 'error' : 'warning',
    );
  }
  return undefined;
}

function arityDiagnostic(
  name: IdentifierNode,
  fn: TemplateFunction,
  count: number,
  ctx: GoTemplateCheckContext,
): Diagnostic | undefined {
  const { min, max } = arityOf(fn);
  if (count >= min && count <= max) return undefined;
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return diagnostic(
    ctx.file,
    name.range,
    'function-arity',
    `Wrong number of arguments for ${fn.name} in "${ctx.field}": want ${want}, got ${count}. Call it as ${signatureOf(fn)}.`,
  );
}

function argumentTypeDiagnostics(fn: TemplateFunction, args: Operand[], ctx: GoTemplateCheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  args.forEach((arg, i) => {
    const param = fn.params[Math.min(i, fn.params.length - 1)];
    const found = literalText(arg);
    if (!param || found === undefined) return;
    const isInt = arg.kind === 'number' && arg.isInteger;
    const ok = param.type === 'any' || (param.type === 'string' ? arg.kind === 'string' : isInt);
    if (!ok) {
      out.push(
        diagnostic(
          ctx.file,
          arg.range,
          'function-argument-type',
          `Argument ${param.name} of ${fn.name} in "${ctx.field}" must be ${param.type === 'int' ? 'an integer' : 'a string'}; found ${found}. Call it as ${signatureOf(fn)}.`,
        ),
      );
    }
  });
  return out;
}

/** A literal argument's text for messages; undefined for computed values. */
function literalText(arg: Operand): string | undefined {
  if (arg.kind === 'string') return JSON.stringify(arg.value);
  if (arg.kind === 'number') return arg.text;
  if (arg.kind === 'bool') return String(arg.value);
  if (arg.kind === 'nil') return 'nil';
  return undefined;
}

function userVariableDiagnostics(arg: Operand | undefined, ctx: GoTemplateCheckContext): Diagnostic[] {
  if (arg?.kind !== 'string' || !ctx.userVariables || ctx.userVariables.has(arg.value)) return [];
  const suggestions = suggest(arg.value, ctx.userVariables);
  return [
    diagnostic(
      ctx.file,
      arg.range,
      'undefined-user-variable',
      `User variable "${arg.value}" used in "${ctx.field}" is not declared in "variables".${didYouMean(suggestions)} Declare it or fix the name.`,
      'error',
      suggestions.length > 0 ? { suggestions } : undefined,
    ),
  ];
}

function buildDataDiagnostics(arg: Operand | undefined, ctx: GoTemplateCheckContext): Diagnostic[] {
  if (arg?.kind !== 'string' || !ctx.buildData || ctx.buildData.includes(arg.value)) return [];
  const suggestions = suggest(arg.value, ctx.buildData);
  return [
    diagnostic(
      ctx.file,
      arg.range,
      'unknown-template-data',
      `Unknown build data "${arg.value}" in "${ctx.field}".${didYouMean(suggestions)} Builds share: ${ctx.buildData.join(', ') || 'nothing'}.`,
      'error',
      suggestions.length > 0 ? { suggestions } : undefined,
    ),
  ];
}
