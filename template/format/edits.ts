/**
 * `formatEdits`: the formatting of a document as a few line-based text
 * edits (what LSP document and range formatting return), so an editor keeps
 * cursors, folds and undo history on the lines that did not change.
 */
import type { Range } from '../model.js';
import { LineIndex } from '../text/line-index.js';
import { formatHcl } from './format.js';
import { diffLines, pairLines, splitLines } from './line-diff.js';

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Edits that turn `text` into its formatted form: one per run of changed
 * lines, each replacing whole lines. Empty when the text is already
 * formatted or cannot be parsed (a file with syntax errors is left alone,
 * as packer fmt leaves it).
 */
export function formatEdits(text: string): TextEdit[] {
  const result = formatHcl(text);
  if (!result.ok || result.text === text) return [];
  return lineEdits(text, result.text);
}

/**
 * Range formatting: the document's formatting, on the lines of `range`
 * only. Alignment in hclwrite depends on neighbouring lines, so the whole
 * file is formatted; when the formatting keeps every line in place (it
 * changes spaces within lines, as it nearly always does) each changed line
 * of the range is one edit and lines outside it are left alone. Otherwise
 * the edits overlapping the range are kept whole (they never split a line).
 */
export function formatRangeEdits(text: string, range: Range): TextEdit[] {
  // A range ending at the start of a line (a whole-line selection) does not include that line.
  const lastLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  const result = formatHcl(text);
  if (!result.ok || result.text === text) return [];
  const before = splitLines(text);
  const after = splitLines(result.text);
  if (before.length !== after.length)
    return lineEdits(text, result.text).filter(
      (e) => e.range.start.line <= lastLine && e.range.end.line > range.start.line,
    );
  const index = new LineIndex(text);
  const starts = lineStarts(before);
  const edits: TextEdit[] = [];
  for (let line = range.start.line; line <= Math.min(lastLine, before.length - 1); line++) {
    if (before[line] === after[line]) continue;
    edits.push({ range: index.rangeOf(starts[line]!, starts[line + 1]!), newText: after[line]! });
  }
  return edits;
}

/** Whole-line edits from `before` to `after`, in document order, not overlapping. */
export function lineEdits(before: string, after: string): TextEdit[] {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const starts = lineStarts(oldLines);
  const index = new LineIndex(before);
  const edits: TextEdit[] = [];
  let pending: { from: number; to: number; text: string } | undefined;
  const flush = (): void => {
    if (!pending) return;
    edits.push({ range: index.rangeOf(starts[pending.from]!, starts[pending.to]!), newText: pending.text });
    pending = undefined;
  };
  let oldPos = 0;
  // Formatting only changes spaces within lines, so line i stays line i:
  // pairing them is both minimal and linear. Other texts get a real diff.
  const ops = oldLines.length === newLines.length ? pairLines(oldLines, newLines) : diffLines(oldLines, newLines);
  for (const op of ops) {
    if (op.kind === 'equal') {
      flush();
      oldPos = op.oldIndex + 1;
      continue;
    }
    pending ??= { from: oldPos, to: oldPos, text: '' };
    if (op.kind === 'delete') pending.to = ++oldPos;
    else pending.text += newLines[op.newIndex]!;
  }
  flush();
  return edits;
}

/** Offset where each line starts, plus the end of the text. */
function lineStarts(lines: string[]): number[] {
  const starts = [0];
  for (const l of lines) starts.push(starts[starts.length - 1]! + l.length);
  return starts;
}
