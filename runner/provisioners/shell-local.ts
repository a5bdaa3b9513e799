/**
 * The `shell-local` provisioner: commands on the host, with the build's data
 * (`{{.MountPath}}`, `{{.Device}}`, HCL `build.MountPath`) rendered in.
 * execute_command is an argument array run without a shell of ours.
 */
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BuildError } from '../multistep/errors.js';
import type { ShellLocalProvisioner } from '../../template/index.js';
import { runProcess } from '../process/run-process.js';
import { renderTemplate } from '../template/render.js';
import { environmentMap, flattenEnvVars } from './env-vars.js';
import type { ProvisionerContext } from './provisioner-context.js';

/** Runs one shell-local provisioner. */
export async function runShellLocalProvisioner(p: ShellLocalProvisioner, ctx: ProvisionerContext): Promise<void> {
  const env = environmentMap(p.environment_vars, ctx.buildName);
  const vars = flattenEnvVars(env);
  const scratch = mkdtempSync(join(tmpdir(), 'chrootforge-shell-local-'));
  try {
    for (const command of commandsOf(p, ctx, scratch)) {
      ctx.ui.say(`Running local shell script: ${command.label}`);
      const data = { ...ctx.data, Vars: vars, Command: command.text, Script: command.text };
      const argv = p.execute_command.map((arg) => renderTemplate(arg, data, true));
      if (argv.length === 0) throw new BuildError('shell-local: execute_command is empty');
      const result = await runProcess(argv[0]!, argv.slice(1), {
        signal: ctx.signal,
        env: {
          ...Object.fromEntries(env),
          PACKER_MOUNT_PATH: ctx.data.MountPath ?? '',
          PACKER_DEVICE: ctx.data.Device ?? '',
        },
        onStdout: (line) => ctx.ui.message(line),
        onStderr: (line) => ctx.ui.message(line),
      });
      if (!p.valid_exit_codes.includes(result.exitCode)) {
        throw new BuildError(
          `Erroneous exit code ${result.exitCode} while executing script: ${command.label}. Allowed exit codes are: [${p.valid_exit_codes.join(' ')}]`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The commands to run: `command`, an inline script file, or copies of the scripts. */
function commandsOf(
  p: ShellLocalProvisioner,
  ctx: ProvisionerContext,
  scratch: string,
): Array<{ label: string; text: string }> {
  const render = (text: string): string => renderTemplate(text, ctx.data, true);
  const out: Array<{ label: string; text: string }> = [];
  if (p.command) out.push({ label: p.command, text: render(p.command) });
  if (p.inline && p.inline.length > 0) {
    const file = join(scratch, 'inline.sh');
    writeFileSync(file, `#!${p.inline_shebang}\n${p.inline.map(render).join('\n')}\n`, { mode: 0o755 });
    out.push({ label: 'inline script', text: file });
  }
  for (const [i, script] of [...(p.script ? [p.script] : []), ...(p.scripts ?? [])].entries()) {
    if (!existsSync(resolve(ctx.templateDir, script)))
      throw new BuildError(`shell-local provisioner: script ${script} does not exist`);
    const copy = join(scratch, `script-${i}.sh`);
    copyFileSync(resolve(ctx.templateDir, script), copy);
    chmodSync(copy, 0o755);
    out.push({ label: script, text: copy });
  }
  return out;
}
