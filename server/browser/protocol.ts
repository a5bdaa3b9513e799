/**
 * The requests a browser-hosted server sends its client for the
 * workspace's files (a worker has no file system; the client reads through
 * the editor's: `vscode.workspace.fs` in the web extension, the page's own
 * files in the playground). URIs are the documents' own.
 */

/** `chrootforge/readDirectory`: a directory's entries, or null when it cannot be read. */
export const READ_DIRECTORY = 'chrootforge/readDirectory';
export interface ReadDirectoryParams {
  uri: string;
}
/** `[name, isDirectory]` per entry. */
export type ReadDirectoryResult = Array<[string, boolean]> | null;

/** `chrootforge/readFile`: a file's bytes in Base64, or null when it cannot be read. */
export const READ_FILE = 'chrootforge/readFile';
export interface ReadFileParams {
  uri: string;
}
export type ReadFileResult = { base64: string } | null;
