/**
 * The template engine as a library (`chrootforge/template`): pure functions
 * from template text to model, diagnostics, formatting and build plans —
 * the same ones the language server, the lint CLI and the runner use, and
 * the only way server/ and cli/ reach the engine (test/template/layering.test.ts).
 * Node's file access for them is `chrootforge/template/node` (template/node/).
 *
 * Start-up: the CLI bundles this index and a JSON template must not pay for
 * the HCL half. The HCL parser and evaluator load with
 * `initTemplateEngine()`; what is exported from them here is only bound by
 * the callers that use it (the bundler drops the rest), so keep this file
 * re-exports only, with no code of its own.
 */

// The model: files, bodies, expressions, ranges, diagnostics.
export type * from './model.js';
export type * from './configuration-model.js';
export type * from './analysis-model.js';
export type * from './plan-model.js';
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

// Which files make a configuration.
export {
  belongsToDirectory,
  CONFIGURATION_FILES_GLOB,
  CONFIGURATION_SUFFIXES,
  configurationFileKind,
  configurationLanguage,
  directoryConfiguration,
  editorFileKind,
  isAutoVarFile,
  isFormattable,
  isNativeHcl,
  isVarFileKind,
  varFileOrder,
  varFileSyntax,
  type ConfigurationFileKind,
  type DirectoryConfiguration,
} from './configuration-files.js';

// From text to verdicts, and to build plans.
export { analyze, analysisSteps, initTemplateEngine, parseSource, parseVarFile } from './analyze.js';
export { buildConfiguration } from './configuration.js';
export { TOP_LEVEL_LABELS } from './configuration/hcl-declarations.js';
export { parseJson, isJsonTemplate } from './json/parse-json.js';
export { hclJsonTarget, type HclJsonTarget, type JsonPath, type PathBlock } from './json/hcl-json-path.js';
export type { BlockShape, BodyShape } from './json/hcl-json-shapes.js';
export { initHclParser, parseHcl } from './hcl/parse-hcl.js';
export { scanHcl, type Token as HclToken, type TokenType as HclTokenType } from './hcl/hcl-lexer.js';
export { childExprs, walkExpr, type ExprVisitor } from './hcl/expr-walk.js';
export { locate, type Location } from './locate.js';
export { staticString } from './static-value.js';
export { planBuilds, PlanError, type PlanOptions } from './plan.js';

// Schemas: fields, types and docs.
export { schemaFor, knownTypes, fieldsOf, fieldSchema, fieldAtPath, type FieldInfo } from './schema/registry.js';
export { requiredFields } from './schema/required-fields.js';
export type { JsonSchema, SchemaKind } from './schema/schema-types.js';
export { describeType as describeSchemaType } from './schema/describe-type.js';

// Formatting, Go templates, HCL functions.
export * from './format/index.js';
export * from './interpolation/index.js';
export {
  evaluateHcl,
  hclFunctions,
  functionSignature,
  typeToString,
  envFunction,
  PACKER_ATTRIBUTES,
  type HclFunction,
} from './eval/index.js';

// Plugins a configuration needs (required_plugins).
export { pluginsNeeded } from './plugins/required-plugins.js';
export { TYPE_KEYWORDS } from './eval/parse-type.js';

// Text positions.
export { LineIndex } from './text/line-index.js';
export { comparePositions, compareRanges, rangeContains } from './text/range.js';

// POSIX path arithmetic (pure: the faces run in Node and in a browser worker).
export {
  basename as posixBasename,
  dirname as posixDirname,
  isAbsolute as posixIsAbsolute,
  join as posixJoin,
  normalize as posixNormalize,
  relative as posixRelative,
  resolve as posixResolve,
} from './text/posix-path.js';

// What a host binds: the engine's resources (template/node/ and template/browser/ bind them).
export { bindEngineResources, type EngineResources, type HclGrammar } from './engine-resources.js';
