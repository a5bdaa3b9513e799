/**
 * Node's filesystem for the template engine, which does no I/O of its own:
 * what the CLI and the language server read a configuration with (a
 * directory's listing, its files' text) and what template functions read
 * while it is evaluated (`file`, `fileexists`, `fileset`, `filebase64`,
 * missing-file warnings). Errors are Node's own errno errors (`code`,
 * `syscall`), which the functions turn into Packer's texts.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { TemplateFiles } from '../evaluation-model.js';

export const nodeTemplateFiles: TemplateFiles = {
  readBytes: (path) => readFileSync(path),
  stat: (path) => {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  },
  exists: (path) => {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  },
  list: (path) => readdirSync(path),
  realpath: (path) => realpathSync(path),
};

/** A file's text, or undefined when it cannot be read. */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether anything is at a path (links followed). */
export function pathExists(path: string): boolean {
  return existsSync(path);
}

/**
 * The names of a directory's entries that are not directories, as Packer's
 * directory load sees them (a link counts as a file, like Go's DirEntry).
 * Throws Node's error when the directory cannot be read.
 */
export function directoryFileNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => entry.name);
}
