/**
 * Reads the `chrootforge.*` settings into the plain shapes the pure
 * command-line builders take.
 */
import * as vscode from 'vscode';
import { resolveCliPath } from './resolve-cli.js';
import type { BuildSettings, ServerMode, ServerSettings } from './server-command.js';

/** The configuration section; also the language client's id (so `chrootforge.trace.server` works). */
export const SECTION = 'chrootforge';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Local paths of the open workspace folders (remote folders cannot be mounted). */
export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Settings for the language server and one-shot CLI runs. */
export function serverSettings(folders: readonly string[]): ServerSettings {
  const c = config();
  const mode: ServerMode = c.get<string>('server.mode') === 'docker' ? 'docker' : 'node';
  return {
    mode,
    nodePath: c.get<string>('server.nodePath') || 'node',
    cliPath: mode === 'node' ? (resolveCliPath(c.get<string>('server.path') ?? '', folders) ?? '') : '',
    image: c.get<string>('server.image') ?? '',
    extraArgs: stringList(c.get('server.extraArgs')),
    dockerPath: c.get<string>('server.dockerPath') || 'docker',
  };
}

/** Settings for the build terminal. */
export function buildSettings(): BuildSettings {
  const c = config();
  const privileged = c.get<unknown>('build.privilegedArgs');
  return {
    image: c.get<string>('server.image') ?? '',
    dockerPath: c.get<string>('server.dockerPath') || 'docker',
    privilegedArgs: Array.isArray(privileged) ? stringList(privileged) : ['--privileged'],
    extraArgs: stringList(c.get('build.extraArgs')),
  };
}

/** Globs naming legacy JSON templates. */
export function jsonTemplateGlobs(): string[] {
  return stringList(config().get('jsonTemplates'));
}
