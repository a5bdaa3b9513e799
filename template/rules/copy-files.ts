/** `copy_files`: host files copied to the same path in the image, so absolute paths only. */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import { type Fields, listItems } from './rule-context.js';

export function checkCopyFiles(file: string, fields: Fields): Diagnostic[] {
  const items = listItems(fields.attribute('copy_files')) ?? [];
  const out: Diagnostic[] = [];
  for (const item of items) {
    const path = fields.evaluate(item);
    if (typeof path === 'string' && !path.startsWith('/')) {
      out.push(diagnostic(file, item.range, 'copy-file-not-absolute',
        `copy_files entries must be absolute paths (the file is copied from the host to the same path in the image): "${path}".`));
    }
  }
  return out;
}
