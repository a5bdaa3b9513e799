/**
 * Rename a variable, local or source everywhere it occurs in the
 * configuration: declaration, `var.x`/`local.x` uses, `{{user \`x\`}}` in
 * legacy JSON, var-file assignments and build `sources` entries.
 */
import {
  ErrorCodes,
  ResponseError,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { rangeContains } from '../../template/index.js';
import { pathToUri } from '../workspace/files.js';
import type { DocumentContext } from '../workspace/workspace.js';
import { occurrencesOf, symbolAt } from './shared/symbols.js';
import { scopeOf } from './shared/scope.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The range of the name under the position when it can be renamed. */
export function prepareRename(
  context: DocumentContext,
  position: Position,
): { range: Range; placeholder: string } | null {
  const scope = scopeOf(context);
  const symbol = symbolAt(scope, context.path, position);
  if (!symbol) return null;
  const here = occurrencesOf(scope, symbol).find((o) => o.file === context.path && rangeContains(o.range, position));
  if (!here) return null;
  return { range: here.range, placeholder: context.document.getText(here.range) };
}

/** The edits renaming the symbol under the position; an invalid name is refused with a message the client shows. */
export function rename(context: DocumentContext, position: Position, newName: string): WorkspaceEdit | null {
  if (!IDENTIFIER.test(newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `"${newName}" is not a valid name: use letters, digits, "_" and "-", starting with a letter or "_".`,
    );
  }
  const scope = scopeOf(context);
  const symbol = symbolAt(scope, context.path, position);
  if (!symbol) return null;
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(scope, symbol)) {
    const uri = o.file === context.path ? context.uri : pathToUri(o.file);
    changes[uri] ??= [];
    changes[uri].push({ range: o.range, newText: newName });
  }
  return { changes };
}
