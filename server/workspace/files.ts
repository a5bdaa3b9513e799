/**
 * Which configuration a file belongs to, and how paths map to URIs. What a
 * file is comes from the engine (template/configuration-files.ts, Packer's
 * rules), the same answer the CLI gets.
 */
import { belongsToDirectory, posixDirname, type ConfigurationFileKind } from '../../template/index.js';

export type FileKind = ConfigurationFileKind;

/**
 * The configuration a file belongs to: its directory for HCL2 files and
 * var files (one configuration per directory, as in Packer), the file
 * itself for a legacy JSON template.
 */
export function configurationKey(path: string, kind: FileKind): string {
  return belongsToDirectory(kind) ? posixDirname(path) : path;
}

/**
 * How document URIs and the engine's paths map to each other. The server
 * binds Node's own (`node:url`, server/node/) when it runs in Node; the
 * browser worker binds one that also maps the editor's virtual file
 * systems (server/browser/). The default is {@link fileUriMapping}.
 */
export interface UriMapping {
  /** The path of a URI the server treats as a file on disk; undefined for others (untitled, …). */
  uriToPath(uri: string): string | undefined;
  pathToUri(path: string): string;
}

/**
 * `file:` URIs only, on the WHATWG URL class (Node's and the browser's):
 * the path decoded, a host other than `localhost` or an encoded `/`
 * refused, as Node's fileURLToPath does; the URI of a path percent-encodes
 * what a URL path cannot hold, as Node's pathToFileURL does (Node encodes
 * a few more characters, such as `[`; both decode to the same path).
 */
export const fileUriMapping: UriMapping = {
  uriToPath(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const url = new URL(uri);
      if ((url.hostname !== '' && url.hostname !== 'localhost') || /%2f/i.test(url.pathname)) return undefined;
      return decodeURIComponent(url.pathname);
    } catch {
      return undefined;
    }
  },
  pathToUri(path) {
    const url = new URL('file:///');
    url.pathname = path
      .replace(/%/g, '%25')
      .replace(/\\/g, '%5C')
      .replace(/\n/g, '%0A')
      .replace(/\r/g, '%0D')
      .replace(/\t/g, '%09');
    return url.href;
  },
};

let mapping: UriMapping = fileUriMapping;

/** Binds the host's URI mapping (server/node/ and server/browser/ do, once at start). */
export function bindUriMapping(bound: UriMapping): void {
  mapping = bound;
}

/** File-system path of a document URI; undefined for URIs that name no file (untitled, …). */
export function uriToPath(uri: string): string | undefined {
  return mapping.uriToPath(uri);
}

/** The URI of a path. */
export function pathToUri(path: string): string {
  return mapping.pathToUri(path);
}

/** The file-name suffix that gives an unsaved document's language to the engine, by languageId. */
const UNTITLED_SUFFIX: Record<string, string> = {
  packer: '.pkr.hcl',
  hcl: '.pkr.hcl',
  'packer-vars': '.pkrvars.hcl',
  json: '.json',
  jsonc: '.json',
};

/**
 * The name the engine knows an unsaved document (`untitled:Untitled-1`) by:
 * its URI with the suffix of its language, so it is read in that syntax.
 * Undefined for a language that is no template's.
 */
export function untitledPath(uri: string, languageId: string): string | undefined {
  const suffix = UNTITLED_SUFFIX[languageId];
  return suffix === undefined ? undefined : `${uri}${suffix}`;
}
