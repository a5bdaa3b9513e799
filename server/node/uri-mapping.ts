/** Node's own mapping of `file:` URIs (node:url), exactly as the server has always used it. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { UriMapping } from '../workspace/files.js';

export const nodeUriMapping: UriMapping = {
  uriToPath(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  pathToUri: (path) => pathToFileURL(path).href,
};
