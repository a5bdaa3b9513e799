/**
 * Cursor markers for tests: `|` in fixture text marks a position; the
 * marker is removed and its LSP position returned.
 */
import type { Position } from '../../../template/model.js';

export interface MarkedText {
  text: string;
  position: Position;
}

/** Splits `a = var.|x` into the text `a = var.x` and the position of `|`. */
export function cursorAt(marked: string, marker = '|'): MarkedText {
  const at = marked.indexOf(marker);
  if (at < 0 || marked.indexOf(marker, at + 1) >= 0)
    throw new Error(`expected exactly one ${marker} in ${JSON.stringify(marked)}`);
  const before = marked.slice(0, at);
  const lines = before.split('\n');
  return {
    text: before + marked.slice(at + marker.length),
    position: { line: lines.length - 1, character: lines[lines.length - 1]!.length },
  };
}
