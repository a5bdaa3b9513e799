/**
 * Host commands a template gives as an argument list (packer-builder-arm's
 * file_unarchive_cmd and image_setup_extra): placeholders such as
 * `$ARCHIVE_PATH` are replaced the way the plugin replaces them, and the
 * list is run as it is, without a shell, so nothing in it is expanded or
 * split again. Output is streamed; a failure names the command.
 */
import { BuildError } from '../multistep/errors.js';
import type { Ui } from '../ui/ui.js';
import { runProcess } from './run-process.js';

/** How placeholders are replaced. */
export type Substitution =
  /** An element equal to a placeholder becomes its value (file_unarchive_cmd). */
  | 'whole-element'
  /** Every occurrence inside every element (image_setup_extra). */
  | 'anywhere';

/** `argv` with `values` (placeholder → value) put in. */
export function substituteArgv(argv: string[], values: Record<string, string>, how: Substitution): string[] {
  if (how === 'whole-element') return argv.map((a) => (Object.hasOwn(values, a) ? values[a]! : a));
  return argv.map((a) => Object.entries(values).reduce((text, [key, value]) => text.split(key).join(value), a));
}

/** Runs `argv` on the host; `field` names the template field in messages. */
export async function runTemplateArgv(
  field: string,
  argv: string[],
  options: { ui: Ui; signal?: AbortSignal },
): Promise<void> {
  if (argv.length === 0 || argv[0] === '') throw new BuildError(`${field}: the command is empty`);
  options.ui.message(`${field}: ${JSON.stringify(argv)}`);
  let result: Awaited<ReturnType<typeof runProcess>>;
  try {
    result = await runProcess(argv[0]!, argv.slice(1), {
      signal: options.signal,
      onStdout: (line) => options.ui.message(line),
      onStderr: (line) => options.ui.message(line),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new BuildError(`${field}: ${(err as Error).message}`);
  }
  if (result.exitCode !== 0) {
    const stderr = result.stderr.trim().split('\n').filter(Boolean).slice(-3).join('\n');
    throw new BuildError(
      `${field}: ${JSON.stringify(argv)} failed with exit status ${result.exitCode}${stderr ? `\nStderr: ${stderr}` : ''}`,
    );
  }
}
