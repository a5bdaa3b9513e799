/**
 * The documents the client has open, kept from didOpen/didChange/didClose.
 * Like vscode-languageserver's TextDocuments, but every notification is
 * checked first: a didOpen without text, or a change whose range is no
 * range, is refused with a plain reason (the caller logs it) and leaves
 * the documents as they were, instead of an exception inside the library
 * or a document that breaks its whole configuration. Positions past the
 * end of a line or of the text are clamped, as editors do.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isObject, rangeProblem } from '../protocol/params.js';

/** What the workspace reads of the open documents. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/** The outcome of a notification: the document it touched, or why it was refused. */
export type DocumentEvent = { uri: string } | { refused: string };

export class Documents implements OpenDocuments {
  private readonly open = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.open.get(uri);
  }

  all(): TextDocument[] {
    return [...this.open.values()];
  }

  /** textDocument/didOpen. */
  didOpen(params: unknown): DocumentEvent {
    const item = isObject(params) ? params.textDocument : undefined;
    if (!isObject(item) || typeof item.uri !== 'string') return refused('didOpen', 'textDocument.uri must be a string');
    if (typeof item.text !== 'string')
      return refused('didOpen', `${item.uri}: textDocument.text must be the document's text (a string)`);
    const languageId = typeof item.languageId === 'string' ? item.languageId : '';
    this.open.set(item.uri, TextDocument.create(item.uri, languageId, versionOf(item.version, 0), item.text));
    return { uri: item.uri };
  }

  /** textDocument/didChange: every change is checked before any is applied. */
  didChange(params: unknown): DocumentEvent {
    const id = isObject(params) ? params.textDocument : undefined;
    if (!isObject(id) || typeof id.uri !== 'string') return refused('didChange', 'textDocument.uri must be a string');
    const document = this.open.get(id.uri);
    if (!document) return refused('didChange', `${id.uri} is not open`);
    const changes = isObject(params) ? params.contentChanges : undefined;
    if (!Array.isArray(changes)) return refused('didChange', `${id.uri}: contentChanges must be a list`);
    for (const [i, change] of changes.entries()) {
      const problem = changeProblem(change);
      if (problem) return refused('didChange', `${id.uri}: contentChanges[${i}] ${problem}`);
    }
    const version = versionOf(id.version, document.version + 1);
    this.open.set(id.uri, TextDocument.update(document, changes, version));
    return { uri: id.uri };
  }

  /** textDocument/didClose. */
  didClose(params: unknown): DocumentEvent {
    const id = isObject(params) ? params.textDocument : undefined;
    if (!isObject(id) || typeof id.uri !== 'string') return refused('didClose', 'textDocument.uri must be a string');
    if (!this.open.delete(id.uri)) return refused('didClose', `${id.uri} is not open`);
    return { uri: id.uri };
  }
}

function changeProblem(change: unknown): string | undefined {
  if (!isObject(change) || typeof change.text !== 'string') return 'must have the text to insert (a string)';
  if (change.range === undefined) return undefined;
  return rangeProblem(change.range, 'range');
}

function versionOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

function refused(method: string, reason: string): DocumentEvent {
  return { refused: `textDocument/${method} ignored: ${reason}` };
}
