/**
 * The template engine's filesystem, Node's: what `fileset` and
 * `filebase64` read when the CLI or the server evaluates a template
 * (template/ does no I/O of its own). Errors are Node's own errno errors
 * (`code`, `syscall`), which the functions turn into Packer's texts.
 */
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { TemplateFiles } from '../../template/evaluation-model.js';

export const nodeTemplateFiles: TemplateFiles = {
  readBytes: (path) => readFileSync(path),
  stat: (path) => {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  },
  exists: (path) => {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  },
  list: (path) => readdirSync(path),
  realpath: (path) => realpathSync(path),
};
