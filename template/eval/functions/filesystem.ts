/**
 * Filesystem functions: abspath basename dirname pathexpand file
 * filebase64 fileexists fileset. Paths follow Go's path/filepath on Unix.
 * Nothing here touches the disk: text files are read only through the
 * injected `readFile` (`file`, `fileexists`), directory listings and bytes
 * only through the injected `files` (`TemplateFiles`: `fileset`,
 * `filebase64`; its errno errors become Go's texts here). Without the one
 * a function needs, the function is UNKNOWN. Relative paths given to
 * `file`, `fileexists` and `fileset` are relative to the template
 * directory (Packer resolves them so); `abspath` and `filebase64` (Packer
 * reads it with a plain os.ReadFile) are relative to the working directory.
 */
import { base64Text } from '../../text/bytes.js';
import * as posix from '../../text/posix-path.js';
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type FunctionEnv, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { UNKNOWN, compareStrings } from '../value.js';
import { BadPattern, TooManyEntries, glob } from './glob.js';

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

/** What a `TemplateFiles` failure carries: an errno code and the call, as Node's errors do. */
type SystemError = { code?: string; syscall?: string; message: string };

/** Go's text for a system error (`no such file or directory`), from its errno code. */
function goErrorText(err: unknown): string {
  const { code, message } = err as SystemError;
  const texts: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many levels of symbolic links',
  };
  return (code && texts[code]) ?? message;
}

/** The contents of a file in Base64, read as Packer reads it: bytes, relative to the working directory. */
function filebase64(path: string, env: FunctionEnv): Value {
  if (!env.files) return UNKNOWN;
  try {
    const bytes = env.files.readBytes(absPath(path, env.cwd));
    return base64Text(bytes);
  } catch (err) {
    const syscall = (err as SystemError).syscall ?? 'open';
    throw new FunctionError(`failed to read file ${JSON.stringify(path)}: ${syscall} ${path}: ${goErrorText(err)}`, 0);
  }
}

/**
 * `fileset(path, pattern)`: the regular files (links followed) matching
 * the pattern under `path`, relative to it, sorted. The pattern is joined
 * to the path and cleaned first, as Packer does, so `../*` reaches out.
 */
function fileset(path: string, pattern: string, env: FunctionEnv): Value {
  const files = env.files;
  if (!files) return UNKNOWN;
  const base = cleanPath(path.startsWith('/') ? path : `${env.templateDir}/${path}`);
  const full = cleanPath(posix.join(base, pattern));
  let matches: string[];
  try {
    matches = glob(full, files);
  } catch (err) {
    if (err instanceof TooManyEntries) return UNKNOWN;
    if (err instanceof BadPattern) throw new FunctionError(`failed to glob pattern (${full}): ${err.message}`, 1);
    throw err;
  }
  const found = new Set<string>();
  for (const match of matches) {
    let regular: boolean;
    try {
      regular = files.stat(match) === 'file';
    } catch (err) {
      throw new FunctionError(`failed to stat (${match}): stat ${match}: ${goErrorText(err)}`);
    }
    if (regular) found.add(posix.relative(base, match));
  }
  return [...found].sort(compareStrings);
}

/** The filesystem functions of the library. */
export const filesystemFunctions: HclFunction[] = [
  fn(
    'abspath',
    'Converts a path to an absolute path (relative to the working directory).',
    [param('path', T.string)],
    T.string,
    ([p], env) => absPath(p as string, env.cwd),
  ),
  fn('basename', 'The last element of a path.', [param('path', T.string)], T.string, ([p]) => baseName(p as string)),
  fn('dirname', 'A path without its last element.', [param('path', T.string)], T.string, ([p]) => dirName(p as string)),
  fn(
    'pathexpand',
    'Replaces a leading `~` in a path with the home directory.',
    [param('path', T.string)],
    T.string,
    ([p], env) => pathexpand(p as string, env.home),
  ),
  fn(
    'file',
    'The contents of a file as a string (relative paths from the template directory).',
    [param('path', T.string)],
    T.string,
    ([p], env) => file(p as string, env),
  ),
  fn('fileexists', 'Whether a file exists at the given path.', [param('path', T.string)], T.bool, ([p], env) =>
    fileexists(p as string, env),
  ),
  fn(
    'filebase64',
    'The contents of a file (its bytes) in Base64 (relative paths from the working directory).',
    [param('path', T.string)],
    T.string,
    ([p], env) => filebase64(p as string, env),
  ),
  fn(
    'fileset',
    'The files under a directory matching a glob pattern (`*`, `**`, `?`, `[…]`, `{a,b}`), relative to it, sorted.',
    [param('path', T.string), param('pattern', T.string)],
    T.set(T.string),
    ([p, g], env) => fileset(p as string, g as string, env),
  ),
];
