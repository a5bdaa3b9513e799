/**
 * Go to definition: from a use of a variable, local or source to where it
 * is declared (and from a declaration to itself, as editors expect).
 */
import type { Location, Position } from 'vscode-languageserver/node';
import { pathToUri } from '../workspace/files.js';
import type { DocumentContext } from '../workspace/workspace.js';
import { occurrencesOf, symbolAt } from './shared/symbols.js';
import { scopeOf } from './shared/scope.js';

/** Declarations of the symbol under the position; empty when there is none. */
export function definition(context: DocumentContext, position: Position): Location[] {
  const scope = scopeOf(context);
  const symbol = symbolAt(scope, context.path, position);
  if (!symbol) return [];
  return occurrencesOf(scope, symbol)
    .filter((o) => o.declaration)
    .map((o) => ({ uri: o.file === context.path ? context.uri : pathToUri(o.file), range: o.range }));
}
