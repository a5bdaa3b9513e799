/**
 * Which files make a configuration: the one place that decides it. The
 * lint CLI (`validate`, `inspect`, and `build`, which hands the runner its
 * plan), the language server and its file watchers ask this module; the
 * engine parses each file in the syntax its name gives here.
 *
 * The rules are Packer's (hcl2template `GetHCL2Files` and `Parser.Parse`,
 * command/cli.go `GetConfigType`, Packer 1.11–1.16):
 * - a directory is one HCL2 configuration: its `*.pkr.hcl` files in name
 *   order, then its `*.pkr.json` files (HCL2 in JSON syntax) in name order;
 *   subdirectories are not read;
 * - the directory's `*.auto.pkrvars.hcl` files (name order), then its
 *   `*.auto.pkrvars.json` files, are loaded as var files, before any
 *   `-var-file` (which keep the order given: Packer 1.13 and later; 1.11
 *   and 1.12 took every HCL var file before every JSON one);
 * - a file given by name is an HCL2 configuration of that one file when it is
 *   named `*.pkr.hcl` or `*.pkr.json` (no auto var files are loaded then);
 *   any other file is a legacy JSON template, whatever its name;
 * - a `-var-file` is HCL or JSON by its extension (`.hcl`, `.json`);
 * - `packer fmt` formats only `*.pkr.hcl` and `*.pkrvars.hcl` files.
 *
 * Pure: it decides from names (and, for an editor's `.json` files, from
 * their text), and picks a directory's files from a listing it is given.
 * It reads nothing.
 */
import { isJsonTemplate } from './json/parse-json.js';

/** HCL2 template file. */
export const HCL_SUFFIX = '.pkr.hcl';
/** HCL2 template file in JSON syntax. */
export const HCL_JSON_SUFFIX = '.pkr.json';
/** Variable values, HCL. */
export const VARS_SUFFIX = '.pkrvars.hcl';
/** Variable values, JSON. */
export const VARS_JSON_SUFFIX = '.pkrvars.json';
const AUTO_VARS_SUFFIX = `.auto${VARS_SUFFIX}`;
const AUTO_VARS_JSON_SUFFIX = `.auto${VARS_JSON_SUFFIX}`;

/**
 * What a file is, by its name:
 * - `hcl`: an HCL2 template file (`x.pkr.hcl`);
 * - `hcl-json`: an HCL2 template file in JSON syntax (`x.pkr.json`);
 * - `vars`, `vars-json`: variable values (`x.pkrvars.hcl`, `x.pkrvars.json`);
 * - `legacy-json`: anything else given as a template: Packer reads it as a
 *   legacy JSON template (`{"builders": […]}`), whatever its extension.
 */
export type ConfigurationFileKind = 'hcl' | 'hcl-json' | 'vars' | 'vars-json' | 'legacy-json';

/** The kind of a file named `path` (only the name's ending is looked at). */
export function configurationFileKind(path: string): ConfigurationFileKind {
  if (path.endsWith(HCL_SUFFIX)) return 'hcl';
  if (path.endsWith(HCL_JSON_SUFFIX)) return 'hcl-json';
  if (path.endsWith(VARS_SUFFIX)) return 'vars';
  if (path.endsWith(VARS_JSON_SUFFIX)) return 'vars-json';
  return 'legacy-json';
}

/**
 * The kind of a file an editor has, or undefined when it is no template
 * file. Names decide, except that a legacy JSON template may be named
 * anything `.json`, and editors see every JSON file (package.json is not
 * ours): such a file counts only when its text is a legacy template.
 */
export function editorFileKind(path: string, text: string | undefined): ConfigurationFileKind | undefined {
  const kind = configurationFileKind(path);
  if (kind !== 'legacy-json') return kind;
  return path.endsWith('.json') && text !== undefined && isJsonTemplate(text) ? kind : undefined;
}

/** True for the kinds written in HCL's native syntax (what `packer fmt` formats, too). */
export function isNativeHcl(kind: ConfigurationFileKind): boolean {
  return kind === 'hcl' || kind === 'vars';
}

/** True for the kinds that hold variable values only. */
export function isVarFileKind(kind: ConfigurationFileKind): boolean {
  return kind === 'vars' || kind === 'vars-json';
}

/**
 * Whether a file belongs to its directory's configuration (every HCL2 file
 * and var file does); a legacy JSON template is a configuration on its own.
 */
export function belongsToDirectory(kind: ConfigurationFileKind): boolean {
  return kind !== 'legacy-json';
}

/** Var files Packer loads from a directory without being named (`*.auto.pkrvars.hcl`, `*.auto.pkrvars.json`). */
export function isAutoVarFile(path: string): boolean {
  return path.endsWith(AUTO_VARS_SUFFIX) || path.endsWith(AUTO_VARS_JSON_SUFFIX);
}

/**
 * The language of the configuration a path names: a directory, or a file
 * named `*.pkr.hcl` or `*.pkr.json` (or a var file), is HCL2; any other
 * file is a legacy JSON template.
 */
export function configurationLanguage(path: string, isDirectory: boolean): 'hcl2' | 'legacy' {
  return isDirectory || configurationFileKind(path) !== 'legacy-json' ? 'hcl2' : 'legacy';
}

/**
 * The syntax of a var file: always JSON for a legacy template; for HCL2,
 * by extension as Packer guesses it, undefined when it has neither `.hcl`
 * nor `.json` (Packer: "Could not guess format").
 */
export function varFileSyntax(path: string, language: 'hcl2' | 'legacy'): 'hcl' | 'json' | undefined {
  if (language === 'legacy' || path.endsWith('.json')) return 'json';
  if (path.endsWith('.hcl')) return 'hcl';
  return undefined;
}

/** What a directory load takes, as names from the listing, in Packer's order. */
export interface DirectoryConfiguration {
  /** `*.pkr.hcl` by name, then `*.pkr.json` by name. */
  templates: string[];
  /** `*.auto.pkrvars.hcl` by name, then `*.auto.pkrvars.json` by name. */
  autoVarFiles: string[];
}

/**
 * Picks a directory's configuration from the names of its entries that are
 * not directories (Packer skips subdirectories). An empty `templates` is
 * Packer's "Could not find any config file" error: the caller reports it.
 */
export function directoryConfiguration(fileNames: readonly string[]): DirectoryConfiguration {
  const names = [...fileNames].sort(byteOrder);
  const ending = (suffix: string) => names.filter((n) => n.endsWith(suffix));
  return {
    templates: [...ending(HCL_SUFFIX), ...ending(HCL_JSON_SUFFIX)],
    autoVarFiles: [...ending(AUTO_VARS_SUFFIX), ...ending(AUTO_VARS_JSON_SUFFIX)],
  };
}

/**
 * The order in which var files give values (a later file wins): auto var
 * files as a directory load takes them, then the others in the order given.
 * Stable for files already in that order.
 */
export function varFileOrder<T>(files: readonly T[], pathOf: (file: T) => string): T[] {
  const auto = files.filter((f) => isAutoVarFile(pathOf(f)));
  const rank = (path: string) => (path.endsWith(AUTO_VARS_SUFFIX) ? 0 : 1);
  auto.sort((a, b) => rank(pathOf(a)) - rank(pathOf(b)) || byteOrder(baseName(pathOf(a)), baseName(pathOf(b))));
  return [...auto, ...files.filter((f) => !isAutoVarFile(pathOf(f)))];
}

/** What the "no configuration here" error names as expected. */
export const CONFIGURATION_SUFFIXES = [HCL_SUFFIX, HCL_JSON_SUFFIX] as const;

/**
 * Files whose creation, change or deletion can change a configuration: the
 * language server asks its client to watch these. Legacy JSON templates may
 * have any `.json` name, so every `.json` is watched (and then recognised
 * by content).
 */
export const CONFIGURATION_FILES_GLOB = `**/*.{${HCL_SUFFIX.slice(1)},${VARS_SUFFIX.slice(1)},json}`;

/** `packer fmt`'s rule: it formats `*.pkr.hcl` and `*.pkrvars.hcl` files only (not JSON). */
export function isFormattable(path: string): boolean {
  return path.endsWith(HCL_SUFFIX) || path.endsWith(VARS_SUFFIX);
}

/** Go's sort of file names (os.ReadDir): by code unit, not by locale. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
