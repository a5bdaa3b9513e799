/**
 * The playground page: Monaco with only the editor features the page uses,
 * chrootforge's language server in a Web Worker (dist/browser/server.js,
 * the same server/ and template/ as `chrootforge lsp`), three examples, a
 * problems list and a share link. Nothing leaves the page.
 */
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/base/browser/ui/codicons/codicon/codicon.css';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import { conf, language } from 'monaco-editor/languages/definitions/hcl/hcl.js';
import amazonChroot from '../examples/amazon-chroot.pkr.hcl';
import arm from '../examples/arm.pkr.hcl';
import chroot from '../examples/chroot.pkr.hcl';
import { connectLanguageServer } from './lsp-client.js';
import { readFragment, shareFragment } from './share.js';
import { PLAYGROUND_DIR, VirtualFiles } from './virtual-files.js';

const EXAMPLES: Record<string, string> = {
  'chroot.pkr.hcl': chroot,
  'amazon-chroot.pkr.hcl': amazonChroot,
  'arm.pkr.hcl': arm,
};

self.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('editor.worker.js', import.meta.url), { type: 'module' }),
};

monaco.languages.register({ id: 'packer', extensions: ['.pkr.hcl'], aliases: ['Packer (HCL)'] });
monaco.languages.setLanguageConfiguration('packer', conf);
monaco.languages.setMonarchTokensProvider('packer', language);

const element = (id: string): HTMLElement => document.getElementById(id)!;

async function start(): Promise<void> {
  const shared = await readFragment(location.hash);
  let fileName = shared?.fileName?.endsWith('.pkr.hcl') ? shared.fileName : 'chroot.pkr.hcl';
  const model = monaco.editor.createModel(
    shared?.text ?? EXAMPLES[fileName] ?? chroot,
    'packer',
    monaco.Uri.parse(`file://${PLAYGROUND_DIR}/template.pkr.hcl`),
  );
  const editor = monaco.editor.create(element('editor'), {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    tabSize: 2,
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
  });

  const files = new VirtualFiles(() => 'template.pkr.hcl');
  const server = new Worker(new URL('server.js', import.meta.url));
  const lsp = connectLanguageServer(monaco, server, model, files);
  lsp.onDiagnostics((diagnostics) => renderProblems(diagnostics, editor));

  const examples = element('example') as HTMLSelectElement;
  for (const name of Object.keys(EXAMPLES)) examples.add(new Option(name.replace('.pkr.hcl', ''), name));
  examples.value = shared ? '' : fileName;
  examples.addEventListener('change', () => {
    fileName = examples.value;
    model.setValue(EXAMPLES[fileName]!);
    history.replaceState(null, '', location.pathname);
  });
  element('format').addEventListener('click', () => void editor.getAction('editor.action.formatDocument')?.run());
  element('share').addEventListener('click', async () => {
    const fragment = await shareFragment(model.getValue(), fileName);
    history.replaceState(null, '', fragment);
    const link = `${location.origin}${location.pathname}${fragment}`;
    (element('share-link') as HTMLInputElement).value = link;
    await navigator.clipboard?.writeText(link).catch(() => undefined);
  });

  const started = performance.now();
  let first: number | undefined;
  let publishedVersion: number | undefined;
  lsp.onDiagnostics((_diagnostics, version) => {
    first ??= performance.now() - started;
    publishedVersion = version;
  });
  await lsp.ready;
  element('status').textContent = 'language server ready';
  // For the browser tests and the bench (test/browser/, bench/browser/).
  Object.assign(window, {
    playground: {
      monaco,
      editor,
      model,
      lsp,
      firstDiagnosticsMs: () => first,
      /** The model version the shown diagnostics are about. */
      published: () => publishedVersion,
      markers: () => monaco.editor.getModelMarkers({ resource: model.uri }),
    },
  });
}

function renderProblems(
  diagnostics: Array<import('vscode-languageserver-protocol').Diagnostic>,
  editor: monaco.editor.IStandaloneCodeEditor,
): void {
  const list = element('problems');
  list.replaceChildren();
  const names = ['', 'error', 'warning', 'info', 'hint'];
  element('count').textContent =
    diagnostics.length === 0 ? 'no problems' : `${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}`;
  for (const d of diagnostics) {
    const item = document.createElement('li');
    const severity = names[d.severity ?? 1] ?? 'error';
    item.className = severity;
    item.textContent = `${d.range.start.line + 1}:${d.range.start.character + 1} ${severity}: ${typeof d.message === 'string' ? d.message : d.message.value} [${d.code}]`;
    item.addEventListener('click', () => {
      editor.setPosition({ lineNumber: d.range.start.line + 1, column: d.range.start.character + 1 });
      editor.revealLineInCenter(d.range.start.line + 1);
      editor.focus();
    });
    list.append(item);
  }
}

void start();
