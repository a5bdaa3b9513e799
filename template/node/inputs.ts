/**
 * The evaluation inputs both faces give the engine for a configuration on
 * disk: the same file access for `validate`, `build` and the editor, so
 * they report the same diagnostics (missing files included).
 */
import { resolve } from 'node:path';
import type { EvaluationInputs } from '../evaluation-model.js';
import type { ParsedFile } from '../model.js';
import { nodeTemplateFiles, pathExists, readTextFile } from './files.js';

export interface NodeInputsOptions {
  /** Directory of the configuration (absolute, or relative to `cwd`). */
  templateDir: string;
  /** Packer's `path.cwd` and the base of relative paths given to `file()`. */
  cwd: string;
  /** Parsed var files, auto-loaded ones first (configuration-files.ts). */
  varFiles: ParsedFile[];
  /** `-var name=value`, in the order given. */
  vars?: Array<[string, string]>;
  env: Record<string, string | undefined>;
}

export function nodeEvaluationInputs(options: NodeInputsOptions): EvaluationInputs {
  const { cwd } = options;
  const templateDir = resolve(cwd, options.templateDir);
  return {
    vars: options.vars ?? [],
    varFiles: options.varFiles,
    env: options.env,
    cwd,
    templateDir,
    readFile: (path) => readTextFile(resolve(cwd, path)),
    // template/ resolves relative paths from `cwd` itself, as Packer opens them.
    fileExists: (path) => pathExists(resolve(cwd, path)),
    files: nodeTemplateFiles,
  };
}
