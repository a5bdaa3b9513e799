/**
 * From a path on disk to an {@link Analysis}: which files form the
 * configuration (the engine's rule, template/configuration-files.ts),
 * reading them, and the evaluation inputs (-var, -var-file, PKR_VAR_*).
 * Shared by validate, inspect and build.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  analyze,
  CONFIGURATION_SUFFIXES,
  configurationLanguage,
  directoryConfiguration,
  initTemplateEngine,
  parseVarFile,
  varFileSyntax,
  type Analysis,
  type SourceText,
} from '../template/index.js';
import { directoryFileNames, nodeEvaluationInputs } from '../template/node/index.js';
import { CliError, EXIT_FINDINGS } from './errors.js';
import { decodeUtf8Text, invalidUtf8Message } from './utf8-text.js';

export interface LoadOptions {
  /** `-var k=v` as written. */
  vars: string[];
  /** `-var-file F`. */
  varFiles: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Reads and analyses the configuration at `path` (a template file or a directory). */
export async function loadConfiguration(path: string, options: LoadOptions): Promise<Analysis> {
  const cwd = options.cwd ?? process.cwd();
  const { files, autoVarFiles, templateDir, language } = configurationFiles(path);
  const varFilePaths = [...autoVarFiles, ...options.varFiles];
  for (const f of varFilePaths) {
    if (varFileSyntax(f, language) === undefined)
      throw new CliError(`${f}: could not guess the format of this var file: its name must end in .hcl or .json`);
  }
  // The HCL grammar is wasm and costs ~0.1 s to load: only when HCL is read.
  if (language === 'hcl2') await initTemplateEngine();
  return analyze({
    files: files.map(readSource),
    inputs: nodeEvaluationInputs({
      templateDir,
      cwd,
      varFiles: varFilePaths.map((f) => parseVarFile(readSource(f), language)),
      vars: options.vars.map(parseVarFlag),
      env: options.env ?? process.env,
    }),
  });
}

interface ConfigurationFiles {
  files: string[];
  autoVarFiles: string[];
  templateDir: string;
  language: 'hcl2' | 'legacy';
}

/** The files of the configuration at `path`: the file itself, or what a directory load takes (Packer's rule). */
export function configurationFiles(path: string): ConfigurationFiles {
  const isDirectory = statOrFail(path).isDirectory();
  const language = configurationLanguage(path, isDirectory);
  if (!isDirectory) return { files: [path], autoVarFiles: [], templateDir: dirname(path), language };
  const picked = directoryConfiguration(listOrFail(path));
  if (picked.templates.length === 0)
    throw new CliError(`${path}: no ${CONFIGURATION_SUFFIXES.join(' or ')} files in this directory`);
  return {
    files: picked.templates.map((n) => join(path, n)),
    autoVarFiles: picked.autoVarFiles.map((n) => join(path, n)),
    templateDir: path,
    language,
  };
}

function listOrFail(dir: string): string[] {
  try {
    return directoryFileNames(dir);
  } catch (err) {
    throw new CliError(`${dir}: ${describeFsError(err)}`);
  }
}

function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    throw new CliError(`${path}: ${describeFsError(err)}`);
  }
}

/**
 * A configuration file's text. In an HCL file, bytes that are not UTF-8 are a finding with their place (hclsyntax's
 * "Invalid character encoding"), not text with U+FFFD in it; JSON files are decoded leniently, as Go's encoding/json
 * and HCL's JSON parser do.
 */
function readSource(path: string): SourceText {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new CliError(`${path}: ${describeFsError(err)}`);
  }
  if (!path.endsWith('.hcl')) return { path, text: bytes.toString('utf8') };
  const decoded = decodeUtf8Text(bytes);
  if (!decoded.ok) throw new CliError(invalidUtf8Message(path, decoded), EXIT_FINDINGS);
  return { path, text: decoded.text };
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** `-var name=value`: the value may itself contain "=". */
export function parseVarFlag(flag: string): [string, string] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new CliError(`-var "${flag}": expected name=value`);
  return [flag.slice(0, eq), flag.slice(eq + 1)];
}
