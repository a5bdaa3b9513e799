/**
 * The Node binding of the template engine (`chrootforge/template/node`):
 * file access for the CLI and the language server. template/ proper does
 * no I/O and imports no `node:` module for it (test/template/layering.test.ts
 * holds the line; a browser build gives its own binding instead of this one).
 */
export { directoryFileNames, nodeTemplateFiles, pathExists, readTextFile } from './files.js';
export { nodeEvaluationInputs, type NodeInputsOptions } from './inputs.js';
