/**
 * The extension's commands: validate the workspace (the CLI, same verdicts
 * as CI), format the document (the server's formatter), build the current
 * template in a terminal (docker run with privileges) and show the server's
 * output.
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGES } from './document-selector.js';
import { buildCommand, chrootforgeCommand } from './server-command.js';
import { buildSettings, serverSettings, workspaceFolderPaths } from './settings.js';

/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  validateWorkspace: 'chrootforge.validateWorkspace',
  formatDocument: 'chrootforge.formatDocument',
  buildTemplate: 'chrootforge.buildTemplate',
  showServerOutput: 'chrootforge.showServerOutput',
  restartServer: 'chrootforge.restartServer',
} as const;

interface CommandContext {
  output: vscode.OutputChannel;
  restart: () => Promise<void>;
}

/** One diagnostic of `chrootforge validate --format json`. */
interface CliDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

const SEVERITY: Record<CliDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  // Separate from the server's diagnostics: these cover files that are not open.
  const workspaceDiagnostics = vscode.languages.createDiagnosticCollection('chrootforge-validate');
  context.subscriptions.push(
    workspaceDiagnostics,
    vscode.commands.registerCommand(COMMANDS.validateWorkspace, () =>
      validateWorkspace(ctx.output, workspaceDiagnostics),
    ),
    vscode.commands.registerCommand(COMMANDS.formatDocument, () =>
      vscode.commands.executeCommand('editor.action.formatDocument'),
    ),
    vscode.commands.registerCommand(COMMANDS.buildTemplate, (uri?: vscode.Uri) => buildTemplate(uri)),
    vscode.commands.registerCommand(COMMANDS.showServerOutput, () => ctx.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => ctx.restart()),
  );
}

/** Runs `validate --format json` on each folder and shows every finding in the Problems view. */
async function validateWorkspace(output: vscode.OutputChannel, collection: vscode.DiagnosticCollection): Promise<void> {
  const folders = workspaceFolderPaths();
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('chrootforge: open a folder to validate it');
    return;
  }
  collection.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  let errors = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'chrootforge: validating' },
    async () => {
      for (const folder of folders) {
        const line = chrootforgeCommand(serverSettings(folders), folders, ['validate', '--format', 'json', folder]);
        output.appendLine(`chrootforge: ${[line.command, ...line.args].join(' ')}`);
        const { stdout, stderr } = await run(line.command, line.args, folder);
        if (stderr.trim()) output.appendLine(stderr.trim());
        let parsed: { diagnostics?: CliDiagnostic[] };
        try {
          parsed = JSON.parse(stdout) as { diagnostics?: CliDiagnostic[] };
        } catch {
          output.show(true);
          void vscode.window.showErrorMessage(`chrootforge: validate gave no report for ${folder} (see the output)`);
          continue;
        }
        for (const d of parsed.diagnostics ?? []) {
          const diagnostic = new vscode.Diagnostic(
            new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
            d.message,
            SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Error,
          );
          diagnostic.code = d.code;
          diagnostic.source = 'chrootforge';
          if (d.severity === 'error') errors++;
          byFile.set(d.file, [...(byFile.get(d.file) ?? []), diagnostic]);
        }
      }
    },
  );
  for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
  const total = [...byFile.values()].reduce((n, l) => n + l.length, 0);
  void vscode.window.showInformationMessage(`chrootforge: ${total} finding(s), ${errors} error(s)`);
}

function run(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Exit 1 means "errors found" and still carries the report: never reject.
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr: stderr || (err && !stdout ? err.message : '') });
    });
  });
}

/** Opens a terminal running the build of the given (or the active) template in the container. */
async function buildTemplate(uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const doc = vscode.window.activeTextEditor?.document;
  if (
    target?.scheme !== 'file' ||
    (!uri && doc && doc.languageId !== LANGUAGES.template && doc.languageId !== 'json')
  ) {
    void vscode.window.showWarningMessage('chrootforge: open a .pkr.hcl (or JSON) template to build it');
    return;
  }
  if (doc?.isDirty && doc.uri.toString() === target.toString()) await doc.save();
  const folder = vscode.workspace.getWorkspaceFolder(target)?.uri.fsPath ?? dirname(target.fsPath);
  try {
    const line = buildCommand(buildSettings(), folder, target.fsPath);
    const terminal = vscode.window.createTerminal({
      name: 'chrootforge build',
      shellPath: line.command,
      shellArgs: line.args,
      cwd: folder,
    });
    terminal.show();
  } catch (err) {
    void vscode.window.showErrorMessage(`chrootforge: ${err instanceof Error ? err.message : String(err)}`);
  }
}
