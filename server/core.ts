/**
 * The one place the server binds to the template core. Everything else in
 * server/ sees the {@link Core} interface, so the core's entry points are
 * named once. The host gives the evaluation inputs (file access for
 * `file()`, `fileset`, missing-file warnings): Node's in server/node/, the
 * browser's in server/browser/.
 */
import {
  analysisSteps,
  buildConfiguration,
  initTemplateEngine,
  parseSource,
  parseVarFile,
  type EvaluationInputs,
  type ParsedFile,
} from '../template/index.js';
import type { Core } from './workspace/workspace.js';

/** The evaluation inputs of one configuration: its directory and its parsed var files. */
export type InputsOf = (templateDir: string, varFiles: ParsedFile[]) => EvaluationInputs;

/** Loads the HCL grammar (wasm) once and returns the core's entry points. */
export async function loadCore(inputsOf: InputsOf): Promise<Core> {
  await initTemplateEngine();
  return {
    analysisSteps: (files, varFiles, templateDir, parse) =>
      analysisSteps({ files, parse, inputs: inputsOf(templateDir, varFiles) }),
    parseFile: (path, text, previous) => parseSource({ path, text }, previous),
    parseVarFile: (path, text) => parseVarFile({ path, text }),
    configurationOf: (files) => buildConfiguration(files).config,
  };
}
