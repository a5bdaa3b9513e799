/**
 * Document and range formatting: `packer fmt` output as minimal line edits
 * (template/format). A file with syntax errors is left alone, as packer fmt
 * leaves it. Range formatting keeps the edits that touch the range: HCL
 * alignment spans neighbouring lines, so formatting a fragment on its own
 * would disagree with formatting the file.
 */
import type { Range, TextEdit } from 'vscode-languageserver/node';
import { formatEdits } from '../../template/format/index.js';
import type { FileKind } from '../workspace/files.js';

/** Edits formatting the whole document (HCL only; JSON templates are left as written). */
export function formatDocument(text: string, kind: FileKind): TextEdit[] {
  return kind === 'json' ? [] : formatEdits(text);
}

/** Edits formatting the lines of a range. */
export function formatRange(text: string, kind: FileKind, range: Range): TextEdit[] {
  return formatDocument(text, kind).filter((edit) => overlapsLines(edit.range, range));
}

function overlapsLines(edit: Range, range: Range): boolean {
  // A pure insertion at a line start belongs to that line.
  const lastLine = edit.end.character === 0 && edit.end.line > edit.start.line ? edit.end.line - 1 : edit.end.line;
  return edit.start.line <= range.end.line && lastLine >= range.start.line;
}
