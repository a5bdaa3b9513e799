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
  /**
   * How each file is parsed; by default `parseSource`. An editor passes the
   * parses it already holds, so an edit re-parses only the file it changed.
   */
  parse?: (source: SourceText) => ParsedFile;
}

export interface Analysis {
  files: ParsedFile[];
  config: Configuration;
  evaluation: Evaluation;
  /** Every diagnostic of every stage, sorted by file then position. */
  diagnostics: Diagnostic[];
}
