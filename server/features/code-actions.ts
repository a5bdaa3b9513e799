/**
 * Code actions. Quick fixes come from the diagnostics themselves: the core
 * puts did-you-mean candidates in `data.suggestions`, so a fix replaces the
 * marked text with a candidate, keeping the quoting and the leading `.` of
 * template data as written. The command_wrapper fix inserts `{{.Command}}`
 * rather than rewriting the whole value.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedFile } from '../../template/index.js';
import type { DiagnosticPayload } from '../diagnostics.js';
import { upgradeToHcl2 } from './hcl2-upgrade.js';

/** The source action that converts a legacy JSON template to HCL2. */
export const CONVERT_TO_HCL2 = `${CodeActionKind.Source}.convertToHcl2`;

/** Quick fixes for the diagnostics the client sent back with the request. */
export function quickFixes(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((d) => fixesFor(document, d));
}

function fixesFor(document: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data as Partial<DiagnosticPayload> | undefined;
  const code = typeof diagnostic.code === 'string' ? diagnostic.code : data?.code;
  if (code === 'command-wrapper-without-command') {
    const edit = addCommandAction(document, diagnostic.range);
    return edit ? [fix(document, diagnostic, 'Add {{.Command}} to command_wrapper', [edit], true)] : [];
  }
  const suggestions = Array.isArray(data?.suggestions)
    ? data.suggestions.filter((s): s is string => typeof s === 'string')
    : [];
  const original = document.getText(diagnostic.range);
  return suggestions.map((s, i) =>
    fix(document, diagnostic, `Change to "${s}"`, [{ range: diagnostic.range, newText: shaped(original, s) }], i === 0),
  );
}

/** A candidate written the way the marked text was: quoted if it was, `.`-prefixed if it was. */
export function shaped(original: string, candidate: string): string {
  const quote = original[0] === '"' && original.endsWith('"') && original.length >= 2 ? '"' : '';
  const inner = quote ? original.slice(1, -1) : original;
  const dotted = inner.startsWith('.') && !candidate.startsWith('.') ? `.${candidate}` : candidate;
  return quote ? JSON.stringify(dotted) : dotted;
}

/** Inserts ` {{.Command}}` before the closing quote of the wrapper value. */
function addCommandAction(document: TextDocument, range: Range): TextEdit | undefined {
  const text = document.getText(range);
  const close = text.lastIndexOf('"');
  if (close <= 0) return undefined;
  const at = document.positionAt(document.offsetAt(range.start) + close);
  const before = text.slice(0, close);
  return { range: { start: at, end: at }, newText: /\s$|"$/.test(before) ? '{{.Command}}' : ' {{.Command}}' };
}

/**
 * The source action converting a legacy JSON template to HCL2: creates
 * `<name>.pkr.hcl` next to it (the JSON stays; the user removes it when
 * satisfied, as with packer hcl2_upgrade).
 */
export function convertToHcl2Action(file: ParsedFile, jsonUri: string): CodeAction {
  const target = `${jsonUri.replace(/(\.pkr)?\.json$/, '')}.pkr.hcl`;
  return {
    title: 'Convert this JSON template to HCL2 (packer hcl2_upgrade)',
    kind: CONVERT_TO_HCL2,
    edit: {
      documentChanges: [
        { kind: 'create', uri: target, options: { overwrite: false, ignoreIfExists: false } },
        {
          textDocument: { uri: target, version: null },
          edits: [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              newText: upgradeToHcl2(file),
            },
          ],
        },
      ],
    },
  };
}

function fix(
  document: TextDocument,
  diagnostic: Diagnostic,
  title: string,
  edits: TextEdit[],
  preferred: boolean,
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { changes: { [document.uri]: edits } },
  };
}
