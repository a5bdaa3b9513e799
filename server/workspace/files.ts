/**
 * Which configuration a file belongs to, and how paths map to URIs. What a
 * file is comes from the engine (template/configuration-files.ts, Packer's
 * rules), the same answer the CLI gets.
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { belongsToDirectory, type ConfigurationFileKind } from '../../template/index.js';

export type FileKind = ConfigurationFileKind;

/**
 * The configuration a file belongs to: its directory for HCL2 files and
 * var files (one configuration per directory, as in Packer), the file
 * itself for a legacy JSON template.
 */
export function configurationKey(path: string, kind: FileKind): string {
  return belongsToDirectory(kind) ? dirname(path) : path;
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
