/**
 * POSIX path arithmetic, with the results of Node's `path.posix` (the
 * tests compare them on random paths): the engine runs in a browser worker
 * as well, where there is no `node:path`. Strings only: no file system,
 * no working directory.
 */

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/** `.` and `..` segments resolved, repeated slashes made one; a trailing slash kept; `""` → `"."`. */
export function normalize(path: string): string {
  if (path === '') return '.';
  const absolute = isAbsolute(path);
  const trailing = path.endsWith('/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else if (!absolute) segments.push('..');
  }
  const out = segments.join('/');
  if (out === '') return absolute ? '/' : trailing ? './' : '.';
  return `${absolute ? '/' : ''}${out}${trailing ? '/' : ''}`;
}

/** The non-empty parts joined by `/`, normalized; `"."` when there are none. */
export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

/**
 * Everything before the last segment's slash (trailing slashes ignored);
 * `"."` without a slash, `"/"` for the root. As Node's: slashes before the
 * last one are kept (`a//b` → `a/`), and `//x` gives `//`.
 */
export function dirname(path: string): string {
  if (path === '') return '.';
  let end = path.length - 1;
  while (end >= 1 && path[end] === '/') end--;
  const slash = end >= 1 ? path.lastIndexOf('/', end) : -1;
  if (slash < 1) return isAbsolute(path) ? '/' : '.';
  return isAbsolute(path) && slash === 1 ? '//' : path.slice(0, slash);
}

/** The last segment (trailing slashes ignored). */
export function basename(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/**
 * An absolute path from right to left until one is absolute, normalized
 * without a trailing slash. `cwd` stands for the working directory Node
 * would take (the engine has none).
 */
export function resolve(cwd: string, ...paths: string[]): string {
  let resolved = '';
  for (let i = paths.length - 1; i >= -1 && !isAbsolute(resolved); i--) {
    const part = i >= 0 ? paths[i]! : cwd;
    if (part !== '') resolved = resolved === '' ? part : `${part}/${resolved}`;
  }
  const normal = normalize(resolved === '' ? '/' : resolved);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/**
 * The path from `from` to `to` (both made absolute against `cwd`), as
 * Node's `path.posix.relative` gives it: `""` when they are the same.
 */
export function relative(from: string, to: string, cwd = '/'): string {
  const a = resolve(cwd, from).split('/').filter(Boolean);
  const b = resolve(cwd, to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}
