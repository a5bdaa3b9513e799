/**
 * Parsed files → one {@link Configuration}: the declarations of the template,
 * in source order, each pointing at its syntax. HCL declarations come from
 * top-level blocks; legacy JSON ones from the template object's members.
 */
import type { Configuration } from './configuration-model.js';
import type { Diagnostic, ParsedFile } from './model.js';
import { collectHclDeclarations } from './configuration/hcl-declarations.js';
import { collectJsonDeclarations } from './configuration/json-declarations.js';
import { duplicateDeclarationDiagnostics } from './configuration/duplicates.js';

export interface ConfigurationResult {
  config: Configuration;
  diagnostics: Diagnostic[];
}

export function buildConfiguration(files: ParsedFile[]): ConfigurationResult {
  const config: Configuration = {
    files,
    variables: [],
    locals: [],
    sources: [],
    dataSources: [],
    builds: [],
    packerBlocks: [],
  };
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    if (file.isVarFile) continue;
    const collect = file.syntax === 'json' ? collectJsonDeclarations : collectHclDeclarations;
    diagnostics.push(...collect(file, config));
  }
  diagnostics.push(...duplicateDeclarationDiagnostics(config));
  return { config, diagnostics };
}
