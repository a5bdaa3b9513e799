/**
 * Resolves a path inside an image root as the kernel would if the root were
 * `/`: absolute symlink targets restart at the root, `..` stops at the root.
 * Every read and write the runner does inside an image goes through here,
 * so a symlink in the image (`/etc/resolv.conf -> /run/...`, or a hostile
 * `-> ../../../../etc/shadow`) never leads to a host file.
 */
import { lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** How to treat the path. */
export interface ResolveOptions {
  /** Follow a symlink in the last component (default true). */
  followFinal?: boolean;
  /** Create missing directories (all components but the last; the last too with `'all'`). */
  create?: 'parents' | 'all';
  /** Mode of created directories (default 0o755). */
  dirMode?: number;
}

const MAX_SYMLINKS = 40;

/** An error resolving a path in the image, with the image path named. */
export class ResolveError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

/**
 * The host path of `imagePath` inside `root`. The result always lies inside
 * `root`; with `followFinal: false` the last component is not followed and
 * may itself be a symlink (lstat it, rename it, never open it).
 */
export function resolveInRoot(root: string, imagePath: string, options: ResolveOptions = {}): string {
  const followFinal = options.followFinal ?? true;
  const queue = components(imagePath);
  const resolved: string[] = [];
  let links = 0;
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name === '..') {
      // Clamped: `..` at the root stays at the root, as in a chroot.
      resolved.pop();
      continue;
    }
    const isLast = queue.length === 0;
    const hostPath = join(root, ...resolved, name);
    const st = lstatOrUndefined(hostPath);
    if (st?.isSymbolicLink() && (!isLast || followFinal)) {
      if (++links > MAX_SYMLINKS)
        throw new ResolveError(`too many levels of symbolic links resolving ${imagePath} in the image`, 'ELOOP');
      const target = readlinkSync(hostPath);
      if (target.startsWith('/')) resolved.length = 0;
      queue.unshift(...components(target));
      continue;
    }
    if (!st && options.create && (!isLast || options.create === 'all')) {
      mkdirSync(hostPath, { mode: options.dirMode ?? 0o755 });
    } else if (st && !isLast && !st.isDirectory()) {
      throw new ResolveError(
        `${imagePath}: /${[...resolved, name].join('/')} is not a directory in the image`,
        'ENOTDIR',
      );
    }
    resolved.push(name);
  }
  return join(root, ...resolved);
}

/** The image path (`/a/b`) of a host path inside `root`. */
export function imagePathOf(root: string, hostPath: string): string {
  const rel = hostPath.slice(root.replace(/\/$/, '').length);
  return rel.startsWith('/') ? rel : `/${rel}`;
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
