/**
 * The evaluation inputs a browser host gives the engine for one
 * configuration: the same shape as Node's (template/node/inputs.ts), over
 * a {@link FileSnapshot} of the client's files, so the editor in a browser
 * gives the CLI's diagnostics for the same files.
 */
import type { EvaluationInputs } from '../evaluation-model.js';
import type { ParsedFile } from '../model.js';
import { resolve } from '../text/posix-path.js';
import type { FileSnapshot } from './file-snapshot.js';

export interface BrowserInputsOptions {
  /** Directory of the configuration (absolute). */
  templateDir: string;
  /** Packer's `path.cwd`: the configuration's directory in an editor. */
  cwd: string;
  varFiles: ParsedFile[];
  /** `PKR_VAR_*` and `env()`: a page has no environment, so usually none. */
  env?: Record<string, string | undefined>;
  files: FileSnapshot;
}

export function browserEvaluationInputs(options: BrowserInputsOptions): EvaluationInputs {
  const { cwd, files } = options;
  const templateDir = resolve('/', cwd, options.templateDir);
  return {
    vars: [],
    varFiles: options.varFiles,
    env: options.env ?? {},
    cwd,
    templateDir,
    readFile: (path) => files.text(resolve('/', cwd, path)),
    // Not known yet counts as there: no missing-file warning before the client has answered.
    fileExists: (path) => files.kind(resolve('/', templateDir, path)) !== 'missing',
    files: files.templateFiles(),
  };
}
