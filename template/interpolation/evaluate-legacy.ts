/**
 * Evaluation of a legacy JSON template (the {@link Evaluation} contract):
 * user variables computed as Packer does (see legacy-variables.ts), and any
 * string of the template rendered with the template functions while `{{ }}`
 * actions that need build-time data (`{{.Device}}`, `{{build "X"}}`) stay
 * as written for the runner to render.
 */
import type { Configuration } from '../configuration-model.js';
import { UNKNOWN, type EvalContext, type Evaluation, type EvaluationInputs, type Value } from '../evaluation-model.js';
import type { Expr, ObjectExpr, TemplateExpr } from '../model.js';
import { staticString } from '../static-value.js';
import { evaluateLegacyVariables, type BaseFunctions } from './legacy-variables.js';
import { parseGoTemplate } from './parse-go-template.js';
import { RenderError } from './render-error.js';
import { renderParsedTemplate } from './render-go-template.js';

/** Evaluates a legacy JSON configuration. Never throws. */
export function evaluateLegacy(config: Configuration, inputs: EvaluationInputs): Evaluation {
  // One clock for the whole build, as Packer's InitTime: every {{timestamp}} agrees.
  const functions: BaseFunctions = {
    env: inputs.env,
    cwd: inputs.cwd,
    templateDir: inputs.templateDir,
    now: inputs.now ?? new Date(),
  };
  const { variables, diagnostics } = evaluateLegacyVariables(config, inputs, functions);
  const lookup = {
    get: (name: string) => {
      const value = variables.get(name)?.value;
      return value === undefined ? undefined : typeof value === 'string' ? value : UNKNOWN;
    },
  };

  const evaluate = (expr: Expr, context: EvalContext): Value => {
    switch (expr.type) {
      case 'literal':
        return expr.value;
      case 'template':
        return renderString(expr, context);
      case 'tuple':
        return expr.items.map((item) => evaluate(item, context));
      case 'object':
        return evaluateObject(expr, context);
      default:
        // Only HCL has other expressions; a legacy template never holds them.
        return UNKNOWN;
    }
  };

  const evaluateObject = (expr: ObjectExpr, context: EvalContext): Value => {
    const out: { [key: string]: Value } = {};
    for (const item of expr.items) {
      const key = item.keyName ?? staticString(item.key);
      if (key === undefined) return UNKNOWN;
      out[key] = evaluate(item.value, context);
    }
    return out;
  };

  const renderString = (expr: TemplateExpr, context: EvalContext): Value => {
    const text = staticString(expr);
    if (text === undefined) return UNKNOWN;
    if (!text.includes('{{')) return text;
    try {
      return renderParsedTemplate(parseGoTemplate(expr, 'json'), {
        keepUnknownData: true,
        functions: {
          ...functions,
          userVariables: lookup,
          enableEnv: context.kind === 'variable',
          buildName: context.source?.name,
          buildType: context.source?.type,
        },
      });
    } catch (err) {
      // Why it failed is the checker's or the variables' diagnostic.
      if (err instanceof RenderError) return UNKNOWN;
      throw err;
    }
  };

  return { variables, locals: new Map(), diagnostics, evaluate };
}
