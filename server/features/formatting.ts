/**
 * Document and range formatting: `packer fmt` output as minimal line edits
 * (template/format). A file with syntax errors is left alone, as packer fmt
 * leaves it. Range formatting is the core's: the whole file is formatted
 * (HCL alignment spans neighbouring lines) and the edits touching the range
 * are kept.
 */
import type { Range, TextEdit } from 'vscode-languageserver/node';
import { formatEdits, formatRangeEdits, isNativeHcl } from '../../template/index.js';
import type { FileKind } from '../workspace/files.js';

/** Edits formatting the whole document (HCL only; JSON files are left as written). */
export function formatDocument(text: string, kind: FileKind): TextEdit[] {
  return isNativeHcl(kind) ? formatEdits(text) : [];
}

/** Edits formatting the lines of a range. */
export function formatRange(text: string, kind: FileKind, range: Range): TextEdit[] {
  return isNativeHcl(kind) ? formatRangeEdits(text, range) : [];
}
