/**
 * URIs and paths in a browser: `file:` URIs as in Node; the editor's
 * virtual file systems (`vscode-vfs://github/owner/repo/…` on github.dev,
 * `memfs:`, …) by the path of the URI, each path remembering the scheme and
 * authority it came with so the server can name it back. Two folders of
 * different authorities with the same path would share a directory: the
 * last one seen wins (a web editor shows one repository at a time).
 */
import { fileUriMapping, type UriMapping } from '../workspace/files.js';

const URI = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i;

export function browserUriMapping(): UriMapping {
  /** Path → `scheme://authority` of URIs that are not `file:`. */
  const origins = new Map<string, string>();
  return {
    uriToPath(uri) {
      if (uri.startsWith('file:')) return fileUriMapping.uriToPath(uri);
      const m = URI.exec(uri);
      if (!m || m[1] === 'untitled') return undefined;
      let path: string;
      try {
        path = decodeURIComponent(m[3] || '/');
      } catch {
        return undefined;
      }
      origins.set(path, `${m[1]}://${m[2]}`);
      return path;
    },
    pathToUri(path) {
      const origin = origins.get(path) ?? originOfDirectory(origins, path);
      if (origin === undefined) return fileUriMapping.pathToUri(path);
      return `${origin}${path.split('/').map(encodeURIComponent).join('/')}`;
    },
  };
}

/** The origin of the nearest known path above this one (a sibling file the editor never opened). */
function originOfDirectory(origins: Map<string, string>, path: string): string | undefined {
  for (let dir = path; dir.includes('/') && dir !== '/'; ) {
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
    for (const [known, origin] of origins) if (known === dir || known.startsWith(`${dir}/`)) return origin;
  }
  return undefined;
}
