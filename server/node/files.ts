/** The workspace's files in Node: read from disk when asked (template/node/'s file access). */
import { readdirSync } from 'node:fs';
import { directoryFileNames, readTextFile } from '../../template/node/index.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';

export const nodeWorkspaceFiles: WorkspaceFiles = {
  readTextFile,
  directoryFileNames,
  listDirectory(dir) {
    try {
      return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
    } catch {
      return [];
    }
  },
  load: () => Promise.resolve(),
  // Nothing is kept here: the workspace keeps what it read (Workspace.invalidate).
  invalidate: () => undefined,
  pending: () => false,
};
