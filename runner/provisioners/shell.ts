/**
 * The `shell` provisioner: inline commands (a script with inline_shebang) or
 * script files, uploaded to remote_folder and run in the chroot through
 * execute_command (`{{.Vars}}`, `{{.Path}}`); exit codes checked against
 * valid_exit_codes.
 */
import { randomInt } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { resolve, posix } from 'node:path';
import { Readable } from 'node:stream';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { BuildError } from '../multistep/errors.js';
import type { ShellProvisioner } from '../../template/index.js';
import { renderTemplate } from '../template/render.js';
import { environmentMap, flattenEnvVars } from './env-vars.js';
import type { ProvisionerContext } from './provisioner-context.js';

/** Runs one shell provisioner. */
export async function runShellProvisioner(p: ShellProvisioner, ctx: ProvisionerContext): Promise<void> {
  const vars = flattenEnvVars(environmentMap(p.environment_vars, ctx.buildName));
  const scripts: Array<{ label: string; body: string | { file: string } }> = [];
  if (p.inline && p.inline.length > 0) {
    scripts.push({ label: 'inline script', body: `#!${p.inline_shebang}\n${p.inline.join('\n')}\n` });
  }
  for (const file of [...(p.script ? [p.script] : []), ...(p.scripts ?? [])]) {
    const path = resolve(ctx.templateDir, file);
    // Checked before anything runs: a typo must not fail half-way through.
    if (!existsSync(path)) throw new BuildError(`shell provisioner: script ${file} does not exist`);
    scripts.push({ label: file, body: { file: path } });
  }
  for (const script of scripts) {
    const remote = posix.join(p.remote_folder, p.remote_file ?? `script_${randomInt(1000, 9999)}.sh`);
    ctx.ui.say(`Provisioning with shell script: ${typeof script.body === 'string' ? remote : script.label}`);
    const source = typeof script.body === 'string' ? Readable.from([script.body]) : script.body.file;
    await ctx.comm.upload(remote, source, 0o755);
    try {
      const command = renderTemplate(p.execute_command, { Vars: vars, Path: remote });
      const code = await ctx.comm.start(command, {
        signal: ctx.signal,
        stdout: (line) => ctx.ui.message(line),
        stderr: (line) => ctx.ui.message(line),
      });
      if (!p.valid_exit_codes.includes(code)) {
        throw new BuildError(
          `Script exited with non-zero exit status: ${code}. Allowed exit codes are: [${p.valid_exit_codes.join(' ')}] (${script.label})`,
        );
      }
    } finally {
      // The script is build scaffolding, not part of the image.
      rmSync(resolveInRoot(ctx.comm.root, remote, { followFinal: false }), { force: true });
    }
  }
}
