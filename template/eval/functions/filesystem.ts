/**
 * Filesystem functions: abspath basename dirname pathexpand file fileexists.
 * Paths follow Go's path/filepath on Unix. Files are read only through the
 * injected `readFile`; without it, `file` and `fileexists` are UNKNOWN.
 * Relative paths given to `file`/`fileexists` are relative to the template
 * directory (Packer 1.6.6 resolves them so); `abspath` is relative to the
 * working directory.
 */
import { posix } from 'node:path';
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type FunctionEnv, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { UNKNOWN } from '../value.js';

/** Go's filepath.Clean: no `.`/`..` segments, no repeated or trailing slashes; `""` → `"."`. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Go's filepath.Base: the last element; `"/"` for the root, `"."` for an empty path. */
export function baseName(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Go's filepath.Dir: all but the last element, cleaned. */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return cleanPath(slash < 0 ? '' : path.slice(0, slash + 1));
}

function absPath(path: string, cwd: string): string {
  return cleanPath(path.startsWith('/') ? path : `${cwd}/${path}`);
}

function pathexpand(path: string, home: string | undefined): string {
  if (path !== '~' && !path.startsWith('~/')) {
    if (path.startsWith('~')) throw new FunctionError('cannot expand user-specific home directory', 0);
    return path;
  }
  if (home === undefined) throw new FunctionError('cannot expand ~: HOME is not set', 0);
  return home + path.slice(1);
}

/** Reads a file named relative to the template directory; undefined when it cannot be read. */
export function readFrom(path: string, env: FunctionEnv): string | undefined {
  return env.readFile!(path.startsWith('/') ? path : cleanPath(`${env.templateDir}/${path}`));
}

function file(path: string, env: FunctionEnv): Value {
  if (!env.readFile) return UNKNOWN;
  const text = readFrom(path, env);
  if (text === undefined) throw new FunctionError(`no file exists at ${path}, or it cannot be read`, 0);
  return text;
}

function fileexists(path: string, env: FunctionEnv): Value {
  if (!env.readFile) return UNKNOWN;
  return readFrom(path, env) !== undefined;
}

/** The filesystem functions of the library. */
export const filesystemFunctions: HclFunction[] = [
  fn('abspath', 'Converts a path to an absolute path (relative to the working directory).', [param('path', T.string)], T.string, ([p], env) => absPath(p as string, env.cwd)),
  fn('basename', 'The last element of a path.', [param('path', T.string)], T.string, ([p]) => baseName(p as string)),
  fn('dirname', 'A path without its last element.', [param('path', T.string)], T.string, ([p]) => dirName(p as string)),
  fn('pathexpand', 'Replaces a leading `~` in a path with the home directory.', [param('path', T.string)], T.string, ([p], env) => pathexpand(p as string, env.home)),
  fn('file', 'The contents of a file as a string (relative paths from the template directory).', [param('path', T.string)], T.string, ([p], env) => file(p as string, env)),
  fn('fileexists', 'Whether a file exists at the given path.', [param('path', T.string)], T.bool, ([p], env) => fileexists(p as string, env)),
];
