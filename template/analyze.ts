/**
 * The template engine's one entry point: text of a configuration in,
 * model, evaluation and every diagnostic out. The editor, the lint CLI and
 * the runner all call this, so they give the same verdicts.
 */
import type { Analysis, AnalysisInput, SourceText } from './analysis-model.js';
import { buildConfiguration } from './configuration.js';
import { configurationFileKind, varFileSyntax } from './configuration-files.js';
import { resolveSourceExpressions } from './configuration/build-source-values.js';
import type { Evaluation } from './evaluation-model.js';
import { evaluateLegacy } from './interpolation/evaluate-legacy.js';
import { forgetParsedTemplates } from './interpolation/parse-go-template.js';
import { parseJson } from './json/parse-json.js';
import { parseJsonVarFile } from './json/parse-json-var-file.js';
import type { Diagnostic, ParsedFile } from './model.js';
import { runRules } from './rules/index.js';
import { compareRanges } from './text/range.js';
import { validationSteps } from './validate-configuration.js';

/** The HCL half of the engine: loaded on first need, as it costs start-up time (wasm grammar, function library). */
interface HclEngine {
  parseHcl: typeof import('./hcl/parse-hcl.js').parseHcl;
  /** `.pkr.json`: its strings are HCL templates, read by the HCL parser. */
  parseHclJson: typeof import('./json/parse-hcl-json.js').parseHclJson;
  evaluateHcl: typeof import('./eval/evaluate-hcl.js').evaluateHcl;
}

let hcl: HclEngine | undefined;
let hclReady: Promise<void> | undefined;

/** Loads the HCL parser (wasm grammar) and evaluator once; legacy JSON needs neither. */
export function initTemplateEngine(): Promise<void> {
  hclReady ??= (async () => {
    const [parser, hclJson, evaluator] = await Promise.all([
      import('./hcl/parse-hcl.js'),
      import('./json/parse-hcl-json.js'),
      import('./eval/evaluate-hcl.js'),
    ]);
    await parser.initHclParser();
    hcl = { parseHcl: parser.parseHcl, parseHclJson: hclJson.parseHclJson, evaluateHcl: evaluator.evaluateHcl };
  })();
  return hclReady;
}

function hclEngine(): HclEngine {
  if (!hcl) throw new Error('HCL templates need `await initTemplateEngine()` before analysis');
  return hcl;
}

/**
 * Parses one file of a configuration in the syntax its name gives
 * (configuration-files.ts): `.pkr.hcl`/`.pkrvars.hcl` HCL, `.pkr.json` HCL2
 * JSON, `.pkrvars.json` JSON values, anything else a legacy JSON template.
 * `previous`, an earlier parse of the same file, lends an HCL file the
 * model of what an edit left as it was.
 */
export function parseSource(source: SourceText, previous?: ParsedFile): ParsedFile {
  switch (configurationFileKind(source.path)) {
    case 'hcl':
    case 'vars':
      return hclEngine().parseHcl(source.path, source.text, previous);
    case 'hcl-json':
      return hclEngine().parseHclJson(source.path, source.text);
    case 'vars-json':
      return parseJsonVarFile(source.path, source.text);
    case 'legacy-json':
      return legacyTemplate(source);
  }
}

/** A legacy JSON template; one named otherwise than `.json` is told why it is read as JSON, as Packer reads it. */
function legacyTemplate(source: SourceText): ParsedFile {
  const file = parseJson(source.path, source.text);
  const [first] = file.diagnostics;
  if (first?.code === 'json-syntax' && !source.path.endsWith('.json'))
    first.message +=
      ' (a file not named *.pkr.hcl or *.pkr.json is read as a legacy JSON template, as Packer reads it)';
  return file;
}

/**
 * Parses a var file (auto-loaded or `-var-file`): JSON for a legacy
 * template; for HCL2, HCL or JSON by its extension, as Packer guesses.
 */
export function parseVarFile(source: SourceText, language: 'hcl2' | 'legacy' = 'hcl2'): ParsedFile {
  if (language === 'legacy') return { ...parseJson(source.path, source.text), isVarFile: true };
  if (varFileSyntax(source.path, language) === 'json') return parseJsonVarFile(source.path, source.text);
  return { ...hclEngine().parseHcl(source.path, source.text), isVarFile: true };
}

/** Text of a configuration in, its model, evaluation and every diagnostic out. */
export function analyze(input: AnalysisInput): Analysis {
  const steps = analysisSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link analyze} in steps: each `yield` is a point between stages (a
 * file parsed, declarations built, evaluation, validation, rules) where a
 * caller may pause, to answer requests in between, or stop, when the text
 * changed again. The result is the same.
 */
export function* analysisSteps(input: AnalysisInput): Generator<void, Analysis, void> {
  try {
    return yield* analysisStages(input);
  } finally {
    // Its stages share Go-template parses; an open document's model does not keep them.
    forgetParsedTemplates();
  }
}

function* analysisStages(input: AnalysisInput): Generator<void, Analysis, void> {
  const parse = input.parse ?? parseSource;
  const files: ParsedFile[] = [];
  for (const source of input.files) {
    files.push(parse(source));
    yield;
  }
  const { config, diagnostics: configDiagnostics } = buildConfiguration(files);
  yield;
  const isLegacy = files.some((f) => configurationFileKind(f.path) === 'legacy-json');
  const evaluation: Evaluation = isLegacy
    ? evaluateLegacy(config, input.inputs)
    : hclEngine().evaluateHcl(config, input.inputs);
  yield;
  const sourceExpressions = resolveSourceExpressions(config, evaluation);
  const validation = yield* validationSteps(config, evaluation, input.inputs);
  yield;
  const rules = runRules({ config, evaluation });
  const diagnostics = [
    ...files.flatMap((f) => f.diagnostics),
    ...input.inputs.varFiles.flatMap((f) => f.diagnostics),
    ...configDiagnostics,
    // Before the checks: `sources = <expression>` names sources they check.
    ...sourceExpressions,
    ...validation,
    ...rules,
    // Evaluation diagnostics last: they fill as the validators evaluate fields.
    ...evaluation.diagnostics,
  ];
  return { files, config, evaluation, diagnostics: sortAndDeduplicate(diagnostics, files) };
}

/** By file (configuration order), then position; one of each identical report. */
function sortAndDeduplicate(diagnostics: Diagnostic[], files: ParsedFile[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f.path, i]));
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file}\0${d.code}\0${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      (order.get(a.file) ?? 1e9) - (order.get(b.file) ?? 1e9) ||
      a.file.localeCompare(b.file) ||
      compareRanges(a.range, b.range),
  );
}
