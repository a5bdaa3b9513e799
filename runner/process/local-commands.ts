/**
 * Host commands of a template (pre_mount_commands, post_mount_commands,
 * pre_unmount_commands): each rendered with its data, wrapped by
 * command_wrapper, run by `/bin/sh -c`, its output streamed; a non-zero exit
 * stops the build naming the command.
 */
import { BuildError } from '../multistep/errors.js';
import type { Ui } from '../ui/ui.js';
import { renderTemplate, type TemplateData } from '../template/render.js';
import { runProcess } from './run-process.js';

/** Options of {@link runLocalCommands}. */
export interface LocalCommandOptions {
  ui: Ui;
  signal?: AbortSignal;
  /** Packer's command_wrapper (default `{{.Command}}`). */
  commandWrapper?: string;
  /** Extra environment (the host's is inherited). */
  env?: Record<string, string>;
}

/** Runs `commands` one after another on the host. */
export async function runLocalCommands(
  commands: string[],
  data: TemplateData,
  options: LocalCommandOptions,
): Promise<void> {
  for (const template of commands) {
    const command = renderTemplate(template, data);
    const wrapped = renderTemplate(options.commandWrapper ?? '{{.Command}}', { Command: command });
    options.ui.say(`Executing command: ${wrapped}`);
    const result = await runProcess('/bin/sh', ['-c', wrapped], {
      signal: options.signal,
      env: options.env,
      onStdout: (line) => options.ui.message(line),
      onStderr: (line) => options.ui.message(line),
    });
    if (result.exitCode !== 0) {
      throw new BuildError(
        `Error executing command ${JSON.stringify(command)}: exit status ${result.exitCode}${lastLines(result.stderr)}`,
      );
    }
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean).slice(-3);
  return lines.length ? `\nStderr: ${lines.join('\n')}` : '';
}
