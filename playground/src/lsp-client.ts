/**
 * A thin LSP client between Monaco and the language server's worker:
 * vscode-jsonrpc over the worker's message port, the document synced in
 * full on every change, and five features mapped to Monaco's providers
 * (diagnostics as markers, completion, hover, formatting, signature help).
 * Why not monaco-languageclient: README.md, "In a browser".
 */
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type * as Lsp from 'vscode-languageserver-protocol';
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser';
import {
  READ_DIRECTORY,
  READ_FILE,
  type ReadDirectoryParams,
  type ReadFileParams,
} from '../../server/browser/protocol.js';
import type { VirtualFiles } from './virtual-files.js';

type MonacoApi = typeof Monaco;

export interface LspBridge {
  /** Resolves when the server has answered `initialize`. */
  ready: Promise<Lsp.InitializeResult>;
  /** The diagnostics last published for the model, as the server sent them (LSP, 0-based). */
  diagnostics(): Lsp.Diagnostic[];
  /** Called with each publication (after the markers are set). */
  onDiagnostics(listener: (diagnostics: Lsp.Diagnostic[], version: number | undefined) => void): void;
  /** Sends the model's text as a new document (another example, or a shared link). */
  reopen(): void;
  /** Milliseconds from the first didOpen to the first diagnostics published (the bench reads it). */
  openToFirstDiagnosticsMs(): number | undefined;
}

const LANGUAGE = 'packer';

export function connectLanguageServer(
  monaco: MonacoApi,
  worker: Worker,
  model: Monaco.editor.ITextModel,
  files: VirtualFiles,
): LspBridge {
  const connection = createMessageConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
  connection.onRequest(READ_DIRECTORY, (params: ReadDirectoryParams) => files.readDirectory(params.uri));
  connection.onRequest(READ_FILE, (params: ReadFileParams) => files.readFile(params.uri, () => model.getValue()));
  // The server asks for settings and registrations it may do without.
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (params: Lsp.ConfigurationParams) => params.items.map(() => null));
  let published: Lsp.Diagnostic[] = [];
  let openedAt: number | undefined;
  let firstPublishedAt: number | undefined;
  const listeners: Array<(d: Lsp.Diagnostic[], version: number | undefined) => void> = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: Lsp.PublishDiagnosticsParams) => {
    if (params.uri !== uri()) return;
    published = params.diagnostics;
    firstPublishedAt ??= performance.now();
    monaco.editor.setModelMarkers(
      model,
      'chrootforge',
      params.diagnostics.map((d) => toMarker(monaco, d)),
    );
    for (const listener of listeners) listener(params.diagnostics, params.version);
  });
  connection.onNotification('window/logMessage', (params: Lsp.LogMessageParams) =>
    console.log(`[server] ${params.message}`),
  );
  connection.listen();

  const uri = (): string => model.uri.toString(true);
  // The document's version is the model's: a publication names the text it is about.
  const open = (): void => {
    openedAt ??= performance.now();
    void connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(), languageId: LANGUAGE, version: model.getVersionId(), text: model.getValue() },
    } satisfies Lsp.DidOpenTextDocumentParams);
  };

  const ready = (async () => {
    const result = await connection.sendRequest<Lsp.InitializeResult>('initialize', {
      processId: null,
      rootUri: 'file:///playground',
      workspaceFolders: [{ uri: 'file:///playground', name: 'playground' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    } satisfies Lsp.InitializeParams);
    void connection.sendNotification('initialized', {});
    open();
    return result;
  })();

  model.onDidChangeContent(() => {
    void connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(), version: model.getVersionId() },
      contentChanges: [{ text: model.getValue() }],
    } satisfies Lsp.DidChangeTextDocumentParams);
  });

  const position = (p: Monaco.Position): Lsp.Position => ({ line: p.lineNumber - 1, character: p.column - 1 });
  const textDocument = { uri: uri() };

  monaco.languages.registerCompletionItemProvider(LANGUAGE, {
    triggerCharacters: ['.', '"', '{', '/', ' ', '='],
    async provideCompletionItems(m, at) {
      await ready;
      const result = await connection.sendRequest<Lsp.CompletionList | Lsp.CompletionItem[] | null>(
        'textDocument/completion',
        { textDocument, position: position(at) },
      );
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      const word = m.getWordUntilPosition(at);
      const fallback = new monaco.Range(at.lineNumber, word.startColumn, at.lineNumber, at.column);
      return { suggestions: items.map((item) => toSuggestion(monaco, item, fallback)) };
    },
  });

  monaco.languages.registerHoverProvider(LANGUAGE, {
    async provideHover(_m, at) {
      await ready;
      const hover = await connection.sendRequest<Lsp.Hover | null>('textDocument/hover', {
        textDocument,
        position: position(at),
      });
      if (!hover) return null;
      return {
        contents: hoverContents(hover.contents),
        ...(hover.range ? { range: toRange(monaco, hover.range) } : {}),
      };
    },
  });

  monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE, {
    async provideDocumentFormattingEdits(_m, options) {
      await ready;
      const edits = await connection.sendRequest<Lsp.TextEdit[] | null>('textDocument/formatting', {
        textDocument,
        options: { tabSize: options.tabSize, insertSpaces: options.insertSpaces },
      });
      return (edits ?? []).map((e) => ({ range: toRange(monaco, e.range), text: e.newText }));
    },
  });

  monaco.languages.registerSignatureHelpProvider(LANGUAGE, {
    signatureHelpTriggerCharacters: ['(', ','],
    async provideSignatureHelp(_m, at) {
      await ready;
      const help = await connection.sendRequest<Lsp.SignatureHelp | null>('textDocument/signatureHelp', {
        textDocument,
        position: position(at),
      });
      if (!help) return null;
      return {
        value: {
          activeSignature: help.activeSignature ?? 0,
          activeParameter: help.activeParameter ?? 0,
          signatures: help.signatures.map((s) => ({
            label: s.label,
            documentation: markdown(s.documentation),
            parameters: (s.parameters ?? []).map((p) => ({
              label: p.label,
              documentation: markdown(p.documentation),
            })),
          })),
        },
        dispose: () => undefined,
      };
    },
  });

  return {
    ready,
    diagnostics: () => published,
    openToFirstDiagnosticsMs: () =>
      openedAt === undefined || firstPublishedAt === undefined ? undefined : firstPublishedAt - openedAt,
    onDiagnostics: (listener) => listeners.push(listener),
    reopen: () => {
      void connection.sendNotification('textDocument/didClose', { textDocument });
      published = [];
      open();
    },
  };
}

const SEVERITY: Record<number, number> = { 1: 8, 2: 4, 3: 2, 4: 1 }; // LSP → Monaco MarkerSeverity

function toMarker(monaco: MonacoApi, d: Lsp.Diagnostic): Monaco.editor.IMarkerData {
  return {
    severity: SEVERITY[d.severity ?? 1] ?? monaco.MarkerSeverity.Error,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    source: d.source ?? 'chrootforge',
    ...(d.code !== undefined ? { code: String(d.code) } : {}),
    startLineNumber: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLineNumber: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

function toRange(monaco: MonacoApi, r: Lsp.Range): Monaco.Range {
  return new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
}

function markdown(doc: string | Lsp.MarkupContent | undefined): Monaco.IMarkdownString | undefined {
  if (doc === undefined) return undefined;
  return { value: typeof doc === 'string' ? doc : doc.value };
}

function hoverContents(contents: Lsp.Hover['contents']): Monaco.IMarkdownString[] {
  const list = Array.isArray(contents) ? contents : [contents];
  return list.map((c) =>
    typeof c === 'string'
      ? { value: c }
      : 'kind' in c
        ? { value: c.value }
        : { value: `\`\`\`${c.language}\n${c.value}\n\`\`\`` },
  );
}

/** LSP CompletionItemKind (1-based, LSP's order) → Monaco's own numbering, by name. */
const KIND_NAMES = [
  'Text',
  'Method',
  'Function',
  'Constructor',
  'Field',
  'Variable',
  'Class',
  'Interface',
  'Module',
  'Property',
  'Unit',
  'Value',
  'Enum',
  'Keyword',
  'Snippet',
  'Color',
  'File',
  'Reference',
  'Folder',
  'EnumMember',
  'Constant',
  'Struct',
  'Event',
  'Operator',
  'TypeParameter',
] as const;

function toSuggestion(
  monaco: MonacoApi,
  item: Lsp.CompletionItem,
  fallback: Monaco.IRange,
): Monaco.languages.CompletionItem {
  const kinds = monaco.languages.CompletionItemKind as unknown as Record<string, number>;
  const edit = item.textEdit;
  const range = !edit
    ? fallback
    : 'range' in edit
      ? toRange(monaco, edit.range)
      : { insert: toRange(monaco, edit.insert), replace: toRange(monaco, edit.replace) };
  const snippet = item.insertTextFormat === 2;
  return {
    label: item.label,
    kind: kinds[KIND_NAMES[(item.kind ?? 1) - 1] ?? 'Text'] ?? kinds.Text!,
    insertText: edit?.newText ?? item.insertText ?? item.label,
    ...(snippet ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
    range,
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.documentation !== undefined ? { documentation: markdown(item.documentation)! } : {}),
    ...(item.sortText !== undefined ? { sortText: item.sortText } : {}),
    ...(item.filterText !== undefined ? { filterText: item.filterText } : {}),
  };
}
