/**
 * Which files the server cares about and how their paths map to URIs.
 * Packer's rules: a directory's `*.pkr.hcl` files form one configuration,
 * `*.pkrvars.hcl` hold variable values (`*.auto.pkrvars.hcl` are loaded
 * automatically), and a legacy JSON template stands alone; JSON is
 * recognised by content because users name them freely.
 */
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type FileKind = 'hcl' | 'vars' | 'json';

/** The kind of a file by name (and, for `.json`, by content); undefined = not ours. */
export function fileKind(
  path: string,
  text: string | undefined,
  isJsonTemplate: (text: string) => boolean,
): FileKind | undefined {
  const name = basename(path);
  if (name.endsWith('.pkr.hcl')) return 'hcl';
  if (name.endsWith('.pkrvars.hcl')) return 'vars';
  if (name.endsWith('.pkr.json')) return 'json';
  if (name.endsWith('.json') && text !== undefined && isJsonTemplate(text)) return 'json';
  return undefined;
}

/** True for var files Packer loads without `-var-file`. */
export function isAutoVarFile(path: string): boolean {
  return basename(path).endsWith('.auto.pkrvars.hcl');
}

/**
 * The configuration a file belongs to: its directory for HCL (one
 * configuration per directory, as in Packer), the file itself for JSON.
 */
export function configurationKey(path: string, kind: FileKind): string {
  return kind === 'json' ? path : dirname(path);
}

/** File-system path of a `file:` URI; undefined for other schemes (untitled, …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** `file:` URI of a path. */
export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}
