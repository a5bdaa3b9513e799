/**
 * The Node binding of the template engine (`chrootforge/template/node`):
 * file access for the CLI and the language server, and, on import, the
 * engine's resources (schemas, validators, the HCL grammar, yaml: bind.ts).
 * template/ proper does no I/O and imports no `node:` module
 * (test/template/layering.test.ts holds the line; the browser build binds
 * template/browser/ instead of this).
 */
import './bind.js';
export { directoryFileNames, nodeTemplateFiles, pathExists, readTextFile } from './files.js';
export { nodeEvaluationInputs, type NodeInputsOptions } from './inputs.js';
