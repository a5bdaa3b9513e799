/**
 * Cursor markers for feature tests: `|` in a text marks the position;
 * edits are applied to show what the user would see.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit } from 'vscode-languageserver/node';

/** The text without its `|` marker, and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker in the text');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const doc = TextDocument.create('file:///t', 'hcl', 1, text);
  return { text, position: doc.positionAt(offset), offset };
}

/** The text after applying edits (as an editor does: all against the original). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///t', 'hcl', 1, text), edits);
}
