/**
 * The playground's files, as the language server asks for them
 * (server/browser/protocol.ts): one directory holding the template being
 * edited. The server takes an open document's text from the editor, so the
 * directory's listing is what matters: `validate` on a directory with just
 * this file sees the same configuration.
 */
import type { ReadDirectoryResult, ReadFileResult } from '../../server/browser/protocol.js';

export const PLAYGROUND_DIR = '/playground';

export class VirtualFiles {
  constructor(private readonly fileName: () => string) {}

  readDirectory(uri: string): ReadDirectoryResult {
    const path = filePath(uri);
    if (path === PLAYGROUND_DIR) return [[this.fileName(), false]];
    if (path === '/') return [[PLAYGROUND_DIR.slice(1), true]];
    return null;
  }

  /** Only the template exists; its text is the editor's (the server has it as an open document). */
  readFile(uri: string, text: () => string): ReadFileResult {
    if (filePath(uri) !== `${PLAYGROUND_DIR}/${this.fileName()}`) return null;
    const bytes = new TextEncoder().encode(text());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return { base64: btoa(binary) };
  }
}

function filePath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? decodeURIComponent(url.pathname).replace(/(.)\/$/, '$1') : undefined;
  } catch {
    return undefined;
  }
}
