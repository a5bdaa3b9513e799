/**
 * Analyses for feature tests. Uses the core's own analyze(); features get
 * the same Analysis the server builds.
 */
import type { Analysis } from '../../../template/analysis-model.js';
import { analyze, initTemplateEngine } from '../../../template/analyze.js';
import type { ParsedFile } from '../../../template/model.js';

export { initTemplateEngine };

/** Analyses files (path → text) as one configuration rooted at `dir`. */
export function analyzeTexts(
  files: Record<string, string>,
  dir = '/work/t',
  varFiles: ParsedFile[] = [],
  env: Record<string, string> = {},
): Analysis {
  return analyze({
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    inputs: { vars: [], varFiles, env, cwd: dir, templateDir: dir },
  });
}
