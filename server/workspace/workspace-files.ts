/**
 * The workspace's files that are not open in the editor, as the server
 * reads them: from disk in Node (server/node/files.ts), through the
 * editor's file system API in a browser (server/browser/remote-files.ts:
 * fetched from the client, then answered from what was fetched).
 */

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
}

export interface WorkspaceFiles {
  /** A file's text; undefined when it cannot be read (or, in a browser, has not arrived yet). */
  readTextFile(path: string): string | undefined;
  /** The names of a directory's entries that are not directories, as Packer lists them; throws when unreadable. */
  directoryFileNames(dir: string): string[];
  /** A directory's entries, for path completion; [] when it cannot be read. */
  listDirectory(dir: string): DirectoryEntry[];
  /**
   * Resolves once a directory's listing and its configuration files can be
   * read synchronously: at once in Node; in a browser when the client has
   * answered. The server awaits it before the first analysis of a
   * configuration there, so no verdict is given on files not yet read.
   */
  load(dir: string): Promise<void>;
  /** Forgets what was read of a path (the file changed, or was created or deleted). */
  invalidate(path: string): void;
  /** True while files asked for are still on their way (a browser host); no verdict is published meanwhile. */
  pending(): boolean;
}
