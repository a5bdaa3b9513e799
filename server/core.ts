/**
 * The one place the server binds to the template core. Everything else in
 * server/ sees the {@link Core} interface, so the core's entry points are
 * named once.
 */
import { readFileSync } from 'node:fs';
import { nodeTemplateFiles } from '../runner/template/files.js';
import { analyze, initTemplateEngine, parseSource } from '../template/analyze.js';
import { buildConfiguration } from '../template/configuration.js';
import { isJsonTemplate } from '../template/json/parse-json.js';
import type { Core } from './workspace/workspace.js';

/** Loads the HCL grammar (wasm) once and returns the core's entry points. */
export async function loadCore(): Promise<Core> {
  await initTemplateEngine();
  return {
    analyze: (files, varFiles, templateDir) =>
      analyze({
        files,
        inputs: {
          vars: [],
          varFiles,
          env: process.env,
          cwd: templateDir,
          templateDir,
          readFile: readTextFile,
          files: nodeTemplateFiles,
        },
      }),
    parseHcl: (path, text) => parseSource({ path, text }),
    isJsonTemplate,
    configurationOf: (files) => buildConfiguration(files).config,
  };
}

function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
