/**
 * A path written in a template, resolved from the template's directory.
 *
 * The trailing slash is kept: in the file provisioner it carries meaning
 * (Packer's rule: a source directory ending in `/` is uploaded as its
 * contents, without it as the directory itself; a download destination
 * ending in `/` is a directory to download into). Node's `path.resolve`
 * drops it, which once made `conf/` land in `/etc/app/conf/`.
 *
 * Only POSIX path arithmetic (no file system, no working directory): a
 * relative `templateDir` gives a relative result.
 */
import * as posix from './posix-path.js';

export function resolveTemplatePath(templateDir: string, path: string): string {
  return posix.isAbsolute(path) ? posix.normalize(path) : posix.join(templateDir, path);
}
