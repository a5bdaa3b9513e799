/**
 * From a path on disk to an {@link Analysis}: which files form the
 * configuration (Packer's rules), reading them, and the evaluation inputs
 * (-var, -var-file, PKR_VAR_*). Shared by validate, inspect and build.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { nodeTemplateFiles } from '../runner/template/files.js';
import type { Analysis, SourceText } from '../template/analysis-model.js';
import { analyze, initTemplateEngine, parseSource } from '../template/analyze.js';
import { CliError } from './errors.js';

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
  const { files, autoVarFiles, templateDir } = configurationFiles(path);
  // The HCL grammar is wasm and costs ~0.1 s to load: only when HCL is read.
  if ([...files, ...autoVarFiles, ...options.varFiles].some((f) => f.endsWith('.hcl'))) await initTemplateEngine();
  const varFiles = [...autoVarFiles, ...options.varFiles].map((f) => parseSource(readSource(f)));
  return analyze({
    files: files.map(readSource),
    inputs: {
      vars: options.vars.map(parseVarFlag),
      varFiles,
      env: options.env ?? process.env,
      cwd,
      templateDir: resolve(cwd, templateDir),
      readFile: (p) => readOptional(resolve(cwd, p)),
      fileExists: (p) => existsSync(resolve(templateDir, p)),
      files: nodeTemplateFiles,
    },
  });
}

interface ConfigurationFiles {
  files: string[];
  autoVarFiles: string[];
  templateDir: string;
}

/** Packer's rule: a file is one configuration; a directory is its `*.pkr.hcl` files. */
export function configurationFiles(path: string): ConfigurationFiles {
  const stat = statOrFail(path);
  if (!stat.isDirectory()) return { files: [path], autoVarFiles: [], templateDir: dirname(path) };
  const names = readdirSync(path).sort();
  const files = names.filter((n) => n.endsWith('.pkr.hcl') || n.endsWith('.pkr.json')).map((n) => join(path, n));
  if (files.length === 0) throw new CliError(`${path}: no .pkr.hcl files in this directory`);
  const autoVarFiles = names
    .filter((n) => n.endsWith('.auto.pkrvars.hcl') || n.endsWith('.auto.pkrvars.json'))
    .map((n) => join(path, n));
  return { files, autoVarFiles, templateDir: path };
}

function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    throw new CliError(`${path}: ${describeFsError(err)}`);
  }
}

function readSource(path: string): SourceText {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (err) {
    throw new CliError(`${path}: ${describeFsError(err)}`);
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
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
