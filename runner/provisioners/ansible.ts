/**
 * The `ansible` provisioner, as hashicorp/packer-plugin-ansible runs it: the
 * host's ansible-playbook, started with an argument array (no shell), with
 * the plugin's arguments — `-e packer_build_name="NAME" -e
 * packer_builder_type=TYPE`, then extra_arguments, then `-i INVENTORY
 * PLAYBOOK` — and ansible_env_vars in its environment; ansible-galaxy first
 * when galaxy_file is set; a generated inventory (host line, groups, empty
 * groups) removed afterwards unless keep_inventory_file.
 *
 * The plugin puts an SSH proxy in front of Packer's communicator and points
 * the inventory at it. chrootforge starts no proxy: the generated host line
 * names the mount path with `ansible_connection=chroot`, so Ansible works in
 * the mounted image directly — what the chroot recipe
 * (`extra_arguments = ["--connection=chroot"]`, `-e ansible_host=MOUNT`)
 * does with Packer. Ansible's modules then run with the image's own Python.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { AnsibleProvisioner } from '../../template/index.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { BuildError } from '../multistep/errors.js';
import { runProcess } from '../process/run-process.js';
import { renderTemplate, type TemplateData } from '../template/render.js';
import { parseAssignments } from './env-vars.js';
import { generatedData, renderFields } from './generated-data.js';
import { builderTypeOf, type ProvisionerContext } from './provisioner-context.js';

/**
 * The host line of the generated inventory. The plugin's default names its
 * proxy (`ansible_host={{ .Host }} ansible_user={{ .User }} ansible_port={{ .Port }}`);
 * here `.Host` is the mount path and the connection is Ansible's chroot.
 */
export const DEFAULT_HOST_LINE =
  '{{ .HostAlias }} ansible_host={{ .Host }} ansible_user={{ .User }} ansible_connection=chroot\n';

/**
 * The data of inventory_file_template: the generated data plus the host.
 * `.Host` is where Ansible reaches the image (the mount path), `.ConnType`
 * how (`chroot`); `.Port` is a number for templates written for the proxy
 * (`ansible_port={{ .Port }}`), which the chroot connection ignores.
 */
export function inventoryData(p: AnsibleProvisioner, buildData: Record<string, string>): TemplateData {
  return {
    ...generatedData(buildData),
    HostAlias: p.host_alias,
    User: p.user ?? userInfo().username,
    Host: buildData.MountPath ?? '',
    Port: '0',
    ConnType: 'chroot',
  };
}

/** The generated inventory: the host line, then each group with the host, then the empty groups. */
export function inventoryText(p: AnsibleProvisioner, data: TemplateData): string {
  const rendered = renderTemplate(p.inventory_file_template ?? DEFAULT_HOST_LINE, data);
  // The plugin writes `[group]\n` right after the line: without a newline the two would share a line.
  const host = rendered.endsWith('\n') ? rendered : `${rendered}\n`;
  return [host, ...p.groups.map((group) => `[${group}]\n${host}`), ...p.empty_groups.map((g) => `[${g}]\n`)].join('');
}

/** A program run: argument array and the environment added to the host's. */
export interface HostCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** The build an ansible run belongs to: `packer_build_name` and `packer_builder_type`. */
export interface AnsibleRun {
  buildName: string;
  builderType: string;
  inventory: string;
  /** Generated data for extra_arguments and ansible_env_vars. */
  data: TemplateData;
}

/** extra_arguments rendered, plus the WinRM scheme the plugin adds for ansible_winrm_use_http. */
export function extraArguments(p: AnsibleProvisioner, data: TemplateData): string[] {
  const args = p.extra_arguments.map((arg) => renderTemplate(arg, data));
  if (p.ansible_winrm_use_http && !args.some((arg) => arg.startsWith('ansible_winrm_scheme')))
    args.push('-e', 'ansible_winrm_scheme=http');
  return args;
}

/**
 * ansible_env_vars rendered, then the plugin's own two (which win over the
 * template's, as in the plugin): no host key checking without
 * ssh_host_key_file, scp over ssh unless use_sftp.
 */
export function ansibleEnvironment(p: AnsibleProvisioner, data: TemplateData): Record<string, string> {
  const env = parseAssignments(
    p.ansible_env_vars.map((entry) => renderTemplate(entry, data)),
    'ansible_env_vars',
  );
  if (!p.ssh_host_key_file) env.set('ANSIBLE_HOST_KEY_CHECKING', 'False');
  if (!p.use_sftp) env.set('ANSIBLE_SCP_IF_SSH', 'True');
  return Object.fromEntries(env);
}

/** The ansible-playbook run. */
export function playbookCommand(p: AnsibleProvisioner, run: AnsibleRun): HostCommand {
  return {
    file: p.command,
    args: [
      '-e',
      `packer_build_name=${JSON.stringify(run.buildName)}`,
      '-e',
      `packer_builder_type=${run.builderType}`,
      ...extraArguments(p, run.data),
      '-i',
      run.inventory,
      p.playbook_file,
    ],
    env: ansibleEnvironment(p, run.data),
  };
}

/**
 * The ansible-galaxy runs for galaxy_file: roles when the file has a
 * top-level `roles:` or no `collections:`, collections when it has
 * `collections:` (the plugin's rule).
 */
export function galaxyCommands(p: AnsibleProvisioner, requirements: string, data: TemplateData): HostCommand[] {
  if (!p.galaxy_file) return [];
  const force = [...(p.galaxy_force_install ? ['-f'] : []), ...(p.galaxy_force_with_deps ? ['--force-with-deps'] : [])];
  const roles = ['install', '-r', p.galaxy_file, ...force, ...(p.roles_path ? ['-p', p.roles_path] : [])];
  const collections = [
    'collection',
    'install',
    '-r',
    p.galaxy_file,
    ...force,
    ...(p.collections_path ? ['-p', p.collections_path] : []),
  ];
  const hasRoles = /^roles:/m.test(requirements);
  const hasCollections = /^collections:/m.test(requirements);
  const env = ansibleEnvironment(p, data);
  return [
    ...(hasRoles || !hasCollections ? [{ file: p.galaxy_command, args: roles, env }] : []),
    ...(hasCollections ? [{ file: p.galaxy_command, args: collections, env }] : []),
  ];
}

/** `key=value` where the key names a password or a secret. */
const SECRET_ASSIGNMENT = /([^\s=]*(?:password|secret)[^\s=]*)=(\S+)/gi;

/**
 * The command line as printed: the value of every `…password…=` or
 * `…secret…=` assignment starred out (the plugin stars only a whole argument
 * of that form; `--extra-vars=db_password=x` is starred here too).
 */
export function displayedCommand(command: HostCommand): string {
  return [command.file, ...command.args.map((arg) => arg.replace(SECRET_ASSIGNMENT, '$1=*****'))].join(' ');
}

/** Runs one ansible provisioner. */
export async function runAnsibleProvisioner(plan: AnsibleProvisioner, ctx: ProvisionerContext): Promise<void> {
  ctx.ui.say('Provisioning with Ansible...');
  const data = generatedData(ctx.data);
  // extra_arguments, ansible_env_vars and the inventory template are rendered with their own data later.
  const p = renderFields(plan, ['command', 'host_alias', 'user', 'groups', 'empty_groups', 'galaxy_command'], data);
  if (p.unused_proxy_fields.length > 0)
    ctx.ui.message(
      `Not used: ${p.unused_proxy_fields.join(', ')} (settings of the plugin's SSH proxy; chrootforge starts none)`,
    );
  let generated: string | undefined;
  if (!p.inventory_file) {
    generated = writeInventory(p, inventoryText(p, inventoryData(p, ctx.data)));
    ctx.ui.message(`Ansible reaches the image at ${ctx.data.MountPath} through its chroot connection (no SSH proxy)`);
  }
  try {
    if (p.galaxy_file) {
      for (const command of galaxyCommands(p, readFileSync(p.galaxy_file, 'utf8'), data)) {
        ctx.ui.say('Executing Ansible Galaxy');
        const code = await run(command, ctx);
        if (code !== 0)
          throw new BuildError(`Error executing Ansible Galaxy: Non-zero exit status: exit status ${code}`);
      }
    }
    const inventory = p.inventory_file ?? generated!;
    const command = playbookCommand(p, {
      buildName: ctx.sourceName,
      builderType: builderTypeOf(ctx),
      inventory,
      data,
    });
    ctx.ui.say(`Executing Ansible: ${displayedCommand(command)}`);
    const code = await run(command, ctx);
    if (code !== 0) {
      const hints = failureHints(ctx, [
        ...command.args,
        ...Object.entries(command.env).map(([k, v]) => `${k}=${v}`),
        readable(inventory),
      ]);
      throw new BuildError(`Error executing Ansible: Non-zero exit status: exit status ${code}${hints}`);
    }
  } finally {
    if (generated && p.keep_inventory_file) ctx.ui.message(`Inventory kept: ${generated}`);
    else if (generated) rmSync(generated, { force: true });
  }
}

/** Writes the inventory as the plugin does: `packer-provisioner-ansible<digits>` in inventory_directory or the temp directory. */
function writeInventory(p: AnsibleProvisioner, text: string): string {
  const dir = p.inventory_directory ?? tmpdir();
  for (;;) {
    const path = join(dir, `packer-provisioner-ansible${randomInt(1e9, 1e10)}`);
    try {
      writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

async function run(command: HostCommand, ctx: ProvisionerContext): Promise<number> {
  try {
    const result = await runProcess(command.file, command.args, {
      signal: ctx.signal,
      env: command.env,
      onStdout: (line) => ctx.ui.message(line),
      onStderr: (line) => ctx.ui.message(line),
    });
    return result.exitCode;
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw new BuildError(
      `ansible provisioner: ${(err as Error).message}. Install Ansible on this host (Debian: apt-get install ansible) or set command / galaxy_command.`,
    );
  }
}

/** Programs of Python the image may have; Ansible's modules need one. */
const PYTHON_DIRS = ['/usr/bin', '/bin', '/usr/local/bin', '/usr/libexec'];

/** Text of an inventory file; "" for a directory, a host list or a script that is not readable text. */
function readable(inventory: string): string {
  try {
    return readFileSync(inventory, 'utf8');
  } catch {
    return '';
  }
}

/** `--connection=chroot`, `-c chroot`, `ansible_connection=chroot`, `ansible_connection: chroot`, ANSIBLE_TRANSPORT=chroot. */
const CHROOT_CONNECTION = /(connection|transport)\s*[=:\s]\s*['"]?chroot\b|(^|\s)-c\s*chroot\b/i;

/** Likely causes of a failed run that Ansible's own output does not name. */
function failureHints(ctx: ProvisionerContext, invocation: string[]): string {
  const hints: string[] = [];
  if (!invocation.some((text) => CHROOT_CONNECTION.test(text)))
    hints.push(
      'nothing here uses the chroot connection: chrootforge starts no SSH proxy, so Ansible reaches the image only with ansible_connection=chroot in the inventory or --connection=chroot in extra_arguments',
    );
  if (!imageHasPython(ctx.comm.root))
    hints.push(
      `the image has no Python (none in ${PYTHON_DIRS.join(', ')}): Ansible's modules run with the image's Python. Install python3 in the image first (a shell provisioner before this one, e.g. apt-get install -y python3), or use only raw tasks with gather_facts: false`,
    );
  return hints.map((hint) => `\n  (${hint})`).join('');
}

function imageHasPython(root: string): boolean {
  return PYTHON_DIRS.some((dir) => {
    try {
      const host = resolveInRoot(root, dir);
      return existsSync(host) && readdirSync(host).some((name) => /^python[0-9.]*$/.test(name));
    } catch {
      return false;
    }
  });
}
