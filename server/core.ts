/**
 * The one place the server binds to the template core. Everything else in
 * server/ sees the {@link Core} interface, so the core's entry points are
 * named once.
 */
import { analyze, buildConfiguration, initTemplateEngine, parseSource, parseVarFile } from '../template/index.js';
import { nodeEvaluationInputs } from '../template/node/index.js';
import type { Core } from './workspace/workspace.js';

/** Loads the HCL grammar (wasm) once and returns the core's entry points. */
export async function loadCore(): Promise<Core> {
  await initTemplateEngine();
  return {
    // The editor has no command line: no -var, and the configuration's own
    // directory stands for the working directory (path.cwd).
    analyze: (files, varFiles, templateDir) =>
      analyze({ files, inputs: nodeEvaluationInputs({ templateDir, cwd: templateDir, varFiles, env: process.env }) }),
    parseFile: (path, text) => parseSource({ path, text }),
    parseVarFile: (path, text) => parseVarFile({ path, text }),
    configurationOf: (files) => buildConfiguration(files).config,
  };
}
