/**
 * Rename a variable, local or source everywhere it occurs in the
 * configuration: declaration, `var.x`/`local.x` uses, `{{user \`x\`}}` in
 * legacy JSON, var-file assignments (every var file of the directory, open
 * or not: a `-var-file` is named only on the command line) and build
 * `sources` entries. A new name that is no HCL identifier, or that another
 * declaration already has, is refused with a message the client shows: a
 * rename must never turn a valid configuration into a broken one.
 */
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { rangeContains, scanHcl } from '../../template/index.js';
import { pathToUri } from '../workspace/files.js';
import type { DocumentContext } from '../workspace/workspace.js';
import { occurrencesOf, symbolAt, type SymbolRef, type SymbolScope } from './shared/symbols.js';
import { scopeOf } from './shared/scope.js';

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

/** The edits renaming the symbol under the position; an invalid or taken name is refused. */
export function rename(context: DocumentContext, position: Position, newName: string): WorkspaceEdit | null {
  if (!isHclIdentifier(newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `"${newName}" is not a valid name: use letters, digits, "_" and "-", starting with a letter or "_".`,
    );
  }
  const scope = scopeOf(context);
  const symbol = symbolAt(scope, context.path, position);
  if (!symbol) return null;
  const clash = takenBy(scope, symbol, newName);
  if (clash) throw new ResponseError(LSPErrorCodes.RequestFailed, clash);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(scope, symbol)) {
    const uri = o.file === context.path ? context.uri : pathToUri(o.file);
    changes[uri] ??= [];
    changes[uri].push({ range: o.range, newText: newName });
  }
  return { changes };
}

/** An identifier as HCL's own scanner reads one: one `ident` token, the whole text. */
function isHclIdentifier(name: string): boolean {
  const [first, second] = scanHcl(name);
  return first?.type === 'ident' && first.start === 0 && first.end === name.length && second?.type === 'eof';
}

const NOUN: Record<SymbolRef['kind'], string> = { variable: 'a variable', local: 'a local', source: 'a source' };

/** Why the new name is taken (by another declaration, or set in a var file), or undefined. */
function takenBy(scope: SymbolScope, symbol: SymbolRef, newName: string): string | undefined {
  const old = symbol.kind === 'source' ? symbol.name.slice(symbol.name.indexOf('.') + 1) : symbol.name;
  if (newName === old) return undefined;
  const target: SymbolRef = {
    kind: symbol.kind,
    name: symbol.kind === 'source' ? `${symbol.name.slice(0, symbol.name.indexOf('.'))}.${newName}` : newName,
  };
  const existing = occurrencesOf(scope, target);
  if (existing.length === 0) return undefined;
  const declared = existing.find((o) => o.declaration);
  const at = declared ?? existing[0]!;
  const where = `${baseName(at.file)}:${at.range.start.line + 1}`;
  const what = declared
    ? `${NOUN[symbol.kind]} named "${newName}" is already declared (${where})`
    : `"${newName}" is already used (${where}): the two would become one`;
  return `Cannot rename "${old}" to "${newName}": ${what}.`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
