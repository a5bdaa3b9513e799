/**
 * Wires each LSP request to its feature function. Every handler goes
 * through {@link guarded}, so a feature that throws answers with an LSP
 * error and the server goes on.
 */
import {
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeActionParams,
  type CompletionParams,
  type Connection,
  type DocumentFormattingParams,
  type DocumentRangeFormattingParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type HoverParams,
  type PrepareRenameParams,
  type ReferenceParams,
  type RenameParams,
  type SemanticTokensParams,
  type SignatureHelpParams,
  type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import type { DocumentContext, Freshness } from '../workspace/workspace.js';
import { isNativeHcl, parseJson } from '../../template/index.js';
import { requestPause, throwIfCancelled } from '../protocol/cancellation.js';
import { checkParams, type ParamPart } from '../protocol/params.js';
import { runSteps, type Steps } from '../work/steps.js';
import { CONVERT_TO_HCL2, convertToHcl2Action, quickFixes } from './code-actions.js';
import { completeHcl, type CompletionInput } from './completion.js';
import { completeJson } from './completion-json.js';
import { completeHclJson } from './completion-hcl-json.js';
import { definition } from './definition.js';
import { documentSymbols } from './document-symbols.js';
import { foldingRanges } from './folding.js';
import { hover } from './hover.js';
import { formatDocument, formatRange } from './formatting.js';
import { references } from './references.js';
import { prepareRename, rename } from './rename.js';
import { semanticTokens } from './semantic-tokens.js';
import { signatureHelp } from './signature-help.js';

/** The context of a document for a request, in steps (the parses it needs). */
export type ContextSteps = (uri: string, freshness: Freshness) => Steps<DocumentContext | undefined>;

/** Registers every feature on the connection. */
export function registerFeatures(connection: Connection, contextSteps: ContextSteps, files: WorkspaceFiles): void {
  /**
   * A request: its params checked, its context built in steps (cancellable
   * between them), then the feature, a pure function of the context.
   */
  const on = <P extends { textDocument: { uri: string } }, R>(
    method: string,
    parts: readonly ParamPart[],
    fn: (c: DocumentContext, p: P) => R,
    empty: R,
    freshness: Freshness,
  ) =>
    guarded(connection, method, async (params: P, token: CancellationToken) => {
      checkParams(method, params, ['textDocument', ...parts]);
      throwIfCancelled(token, method);
      const pause = requestPause(token, method);
      const context = await runSteps(contextSteps(params.textDocument.uri, freshness), pause);
      // A turn between the parse and the feature: a cancel sent meanwhile is read before more work.
      await pause();
      return context ? fn(context, params) : empty;
    });
  // Freshness by what each feature reads (see Workspace.contextSteps): text-only
  // features take any analysis, single-file ones a fresh parse of the file.
  connection.onCompletion(
    on('textDocument/completion', ['position'], (c, p: CompletionParams) => completion(c, p, files), null, 'text'),
  );
  connection.onDocumentFormatting(
    on(
      'textDocument/formatting',
      ['options'],
      (c, _p: DocumentFormattingParams) => formatDocument(c.document.getText(), c.kind),
      [],
      'text',
    ),
  );
  connection.onDocumentRangeFormatting(
    on(
      'textDocument/rangeFormatting',
      ['range', 'options'],
      (c, p: DocumentRangeFormattingParams) => formatRange(c.document.getText(), c.kind, p.range),
      [],
      'text',
    ),
  );
  connection.onHover(
    on(
      'textDocument/hover',
      ['position'],
      (c, p: HoverParams) => (c.file ? hover(c.analysis, c.file, p.position) : null),
      null,
      'file',
    ),
  );
  connection.onSignatureHelp(
    on(
      'textDocument/signatureHelp',
      ['position'],
      (c, p: SignatureHelpParams) => signatureHelp(c.document.getText(), c.kind, p.position),
      null,
      'text',
    ),
  );
  connection.languages.semanticTokens.on(
    on(
      'textDocument/semanticTokens/full',
      [],
      (c, _p: SemanticTokensParams) => (c.file ? semanticTokens(c.file) : { data: [] }),
      { data: [] },
      'file',
    ),
  );
  connection.onDefinition(
    on(
      'textDocument/definition',
      ['position'],
      (c, p: TextDocumentPositionParams) => definition(c, p.position),
      [],
      'declarations',
    ),
  );
  connection.onReferences(
    on(
      'textDocument/references',
      ['position', 'references'],
      (c, p: ReferenceParams) => references(c, p.position, p.context.includeDeclaration),
      [],
      'declarations',
    ),
  );
  connection.onPrepareRename(
    on(
      'textDocument/prepareRename',
      ['position'],
      (c, p: PrepareRenameParams) => prepareRename(c, p.position),
      null,
      'declarations',
    ),
  );
  connection.onRenameRequest(
    on(
      'textDocument/rename',
      ['position', 'newName'],
      (c, p: RenameParams) => rename(c, p.position, p.newName),
      null,
      'declarations',
    ),
  );
  connection.onDocumentSymbol(
    on(
      'textDocument/documentSymbol',
      [],
      (c, _p: DocumentSymbolParams) => (c.file ? documentSymbols(c.file) : []),
      [],
      'file',
    ),
  );
  connection.onFoldingRanges(
    on(
      'textDocument/foldingRange',
      [],
      (c, _p: FoldingRangeParams) => (c.file ? foldingRanges(c.file) : []),
      [],
      'file',
    ),
  );
  connection.onCodeAction(
    on('textDocument/codeAction', ['range', 'codeAction'], (c, p: CodeActionParams) => codeActions(c, p), [], 'text'),
  );
}

/**
 * Runs a handler; any failure becomes an LSP error response and the server
 * goes on. A refusal the handler means (invalid params, a cancelled
 * request, an invalid rename) goes back as it is, unlogged; anything else
 * is an internal error, logged with its stack.
 */
export function guarded<P, R>(
  connection: Connection,
  name: string,
  fn: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params: P, token: CancellationToken) => {
    try {
      return await fn(params, token);
    } catch (err) {
      if (err instanceof ResponseError) return err;
      const text = err instanceof Error ? err.message : String(err);
      connection.console.error(`${name} failed: ${err instanceof Error ? (err.stack ?? text) : text}`);
      return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${text}`);
    }
  };
}

function completion(context: DocumentContext, params: CompletionParams, files: WorkspaceFiles) {
  const input: CompletionInput = {
    text: context.document.getText(),
    path: context.path,
    config: context.analysis.config,
    // Path completion lists the host's files (disk in Node, the client's in a browser); an unsaved buffer has no directory.
    ...(context.untitled ? {} : { listDir: (dir: string) => files.listDirectory(dir) }),
  };
  if (context.kind === 'legacy-json') return completeJson(input.text, params.position);
  if (context.kind === 'hcl-json') return completeHclJson(input, params.position);
  return isNativeHcl(context.kind) ? completeHcl(input, params.position) : null;
}

function codeActions(context: DocumentContext, params: CodeActionParams) {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions = wants('quickfix') ? quickFixes(context.document, params.context.diagnostics) : [];
  if (context.kind === 'legacy-json' && wants(CONVERT_TO_HCL2)) {
    // Parsed afresh: the conversion must see the text as it is now (JSON parses quickly).
    actions.push(convertToHcl2Action(parseJson(context.path, context.document.getText()), context.uri));
  }
  return actions;
}
