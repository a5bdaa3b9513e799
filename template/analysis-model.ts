/**
 * The result of analysing one configuration: what the editor, the lint CLI
 * and the runner all start from (see analyze.ts).
 */
import type { Configuration } from './configuration-model.js';
import type { Evaluation, EvaluationInputs } from './evaluation-model.js';
import type { Diagnostic, ParsedFile } from './model.js';

export interface SourceText {
  path: string;
  text: string;
}

export interface AnalysisInput {
  /** The files of one configuration: one JSON template, or a directory's `.pkr.hcl` files. */
  files: SourceText[];
  inputs: EvaluationInputs;
}

export interface Analysis {
  files: ParsedFile[];
  config: Configuration;
  evaluation: Evaluation;
  /** Every diagnostic of every stage, sorted by file then position. */
  diagnostics: Diagnostic[];
}
