/**
 * The template engine as a library (`chrootforge/template`): pure functions
 * from template text to model, diagnostics, formatting and build plans —
 * the same ones the language server, the lint CLI and the runner use.
 */
export type * from './model.js';
export type * from './configuration-model.js';
export type * from './analysis-model.js';
export { UNKNOWN, isUnknown } from './evaluation-model.js';
export type {
  Value,
  Evaluation,
  EvaluationInputs,
  EvalContext,
  EvaluatedVariable,
  ValueOrigin,
  TemplateFiles,
  FileKind,
} from './evaluation-model.js';
export { analyze, initTemplateEngine, parseSource } from './analyze.js';
export { buildConfiguration } from './configuration.js';
export { parseJson, isJsonTemplate } from './json/parse-json.js';
export { initHclParser, parseHcl } from './hcl/parse-hcl.js';
export { locate } from './locate.js';
export { planBuilds, PlanError, type PlanOptions } from './plan.js';
export { schemaFor, knownTypes, fieldsOf, fieldSchema, type FieldInfo } from './schema/registry.js';
export * from './format/index.js';
export * from './interpolation/index.js';
export { evaluateHcl, hclFunctions, functionSignature } from './eval/index.js';
export { LineIndex } from './text/line-index.js';
