/**
 * Find references: every use of the variable, local or source under the
 * position across the configuration's files (var files included).
 */
import type { Location, Position } from 'vscode-languageserver/node';
import { pathToUri } from '../workspace/files.js';
import type { DocumentContext } from '../workspace/workspace.js';
import { occurrencesOf, symbolAt } from './shared/symbols.js';
import { scopeOf } from './shared/scope.js';

/** Uses of the symbol under the position; declarations too when asked. */
export function references(context: DocumentContext, position: Position, includeDeclaration: boolean): Location[] {
  const scope = scopeOf(context);
  const symbol = symbolAt(scope, context.path, position);
  if (!symbol) return [];
  return occurrencesOf(scope, symbol)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: o.file === context.path ? context.uri : pathToUri(o.file), range: o.range }));
}
