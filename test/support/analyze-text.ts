/**
 * Test helpers: analyse in-memory templates and find expected ranges by
 * the text they cover, so tests state ranges as the source they mark.
 */
import type { Analysis } from '../../template/analysis-model.js';
import { analyze, initTemplateEngine, parseVarFile } from '../../template/analyze.js';
import type { EvaluationInputs } from '../../template/evaluation-model.js';
import type { Diagnostic, Range } from '../../template/model.js';
import { LineIndex } from '../../template/text/line-index.js';

export interface AnalyzeOptions {
  vars?: Array<[string, string]>;
  varFiles?: Record<string, string>;
  env?: Record<string, string>;
  /** Files that exist: absolute, or relative to `cwd`. */
  existing?: string[];
  /** Packer's working directory (default /work) and the template's directory (default /work). */
  cwd?: string;
  templateDir?: string;
}

/** Analyses files given as {path: text}; paths decide the syntax. */
export async function analyzeFiles(files: Record<string, string>, options: AnalyzeOptions = {}): Promise<Analysis> {
  await initTemplateEngine();
  const inputs: EvaluationInputs = {
    vars: options.vars ?? [],
    varFiles: Object.entries(options.varFiles ?? {}).map(([path, text]) => parseVarFile({ path, text })),
    env: options.env ?? {},
    cwd: options.cwd ?? '/work',
    templateDir: options.templateDir ?? '/work',
    // Paths come resolved from cwd, as Packer opens them; `existing` may name them relative to it.
    fileExists: (p) => (options.existing ?? []).some((e) => p === e || p === `${options.cwd ?? '/work'}/${e}`),
    now: new Date('2026-01-02T03:04:05Z'),
  };
  return analyze({ files: Object.entries(files).map(([path, text]) => ({ path, text })), inputs });
}

/** Range of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in text`);
  }
  return new LineIndex(text).rangeOf(offset, offset + needle.length);
}

/** Diagnostics with the given code. */
export function withCode(analysis: Analysis, code: string): Diagnostic[] {
  return analysis.diagnostics.filter((d) => d.code === code);
}

export function errors(analysis: Analysis): Diagnostic[] {
  return analysis.diagnostics.filter((d) => d.severity === 'error');
}
