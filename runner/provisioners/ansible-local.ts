/**
 * The `ansible-local` provisioner, as hashicorp/packer-plugin-ansible runs
 * it: the playbook (or playbook_files, or a whole playbook_dir), its
 * inventory, galaxy requirements, group_vars/host_vars, roles, collections
 * and playbook_paths are uploaded into staging_directory in the image; then
 * the image's own Ansible runs there, through the communicator (so
 * command_wrapper and chroot_env apply), with the plugin's command line:
 *
 *   cd STAGING && [ANSIBLE_COLLECTIONS_PATH=… ANSIBLE_ROLES_PATH=…] COMMAND PLAYBOOK
 *     --extra-vars 'packer_build_name=… packer_builder_type=… packer_http_addr=… -o IdentitiesOnly=yes'
 *     EXTRA_ARGUMENTS -c local -i INVENTORY
 *
 * The image's shell runs it: command, extra_arguments and the galaxy fields
 * are shell text there, as with Packer. Paths chrootforge derives (the
 * staging directory and the files uploaded into it) are single-quoted, so a
 * file name with a space still works. Uploads go through the communicator,
 * so a symlink in the image never leads them to a host file. HCL's
 * `build.X` in the text fields is rendered with the build's data.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { Readable } from 'node:stream';
import type { AnsibleLocalProvisioner } from '../../template/index.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { BuildError } from '../multistep/errors.js';
import { shellQuote } from '../process/shell-quote.js';
import { generatedData, renderFields } from './generated-data.js';
import { builderTypeOf, type ProvisionerContext } from './provisioner-context.js';

/** Where the plugin stages by default, one directory per run below it. */
export const DEFAULT_STAGING_ROOT = '/tmp/packer-provisioner-ansible-local';

/** What a chroot build gives as Packer's HTTP address (it serves none). */
const HTTP_ADDR_NOT_IMPLEMENTED = 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER';

/** packer-plugin-sdk's uuid.TimeOrderedUUID: the Unix time in the first group, random bytes after. */
export function timeOrderedUuid(now: Date = new Date()): string {
  const time = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  const r = randomBytes(12).toString('hex');
  return `${time}-${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8, 12)}-${r.slice(12)}`;
}

/** One thing put into the image before Ansible runs. */
export type StagingEntry =
  | { kind: 'directory'; say?: string; dst: string }
  /** A directory's contents copied into `dst`. */
  | { kind: 'tree'; say: string; src: string; dst: string }
  | { kind: 'file'; say: string; src: string; dst: string }
  | { kind: 'content'; say: string; content: string; dst: string };

/** The uploads, in the plugin's order, and the image paths Ansible is run with. */
export interface StagingLayout {
  staging: string;
  entries: StagingEntry[];
  /** Image paths of the playbooks, in run order. */
  playbooks: string[];
  inventory: string;
  /** Image path of the galaxy requirements file. */
  galaxyFile?: string;
}

/**
 * Where everything goes. `inventoryName` is the generated inventory's file
 * name (the plugin's temp-file name) when no inventory_file is given.
 */
export function stagingLayout(p: AnsibleLocalProvisioner, staging: string, inventoryName: string): StagingLayout {
  const at = (...parts: string[]): string => posix.join(staging, ...parts);
  const entries: StagingEntry[] = [];
  if (p.playbook_dir) {
    entries.push({
      kind: 'tree',
      say: 'Uploading Playbook directory to Ansible staging directory...',
      src: p.playbook_dir,
      dst: staging,
    });
  } else {
    entries.push({ kind: 'directory', say: 'Creating Ansible staging directory...', dst: staging });
  }
  const playbooks: string[] = [];
  if (p.playbook_file) {
    const dst = at(basename(p.playbook_file));
    entries.push({ kind: 'file', say: 'Uploading main Playbook file...', src: p.playbook_file, dst });
    playbooks.push(dst);
  }
  for (const file of p.playbook_files ?? []) {
    // A playbook inside playbook_dir is there already; another keeps its whole local path under the staging directory.
    const inDir = p.playbook_dir && file.startsWith(`${p.playbook_dir.replace(/\/+$/, '')}/`);
    const relative = inDir ? file.slice(p.playbook_dir!.replace(/\/+$/, '').length) : file;
    const dst = at(relative);
    if (!inDir) entries.push({ kind: 'file', say: `Uploading playbook file: ${file}`, src: file, dst });
    playbooks.push(dst);
  }
  let inventory: string;
  if (p.inventory_file) {
    inventory = at(basename(p.inventory_file));
    entries.push({ kind: 'file', say: 'Uploading inventory file...', src: p.inventory_file, dst: inventory });
  } else {
    inventory = at(inventoryName);
    entries.push({ kind: 'content', say: 'Uploading inventory file...', content: inventoryContent(p), dst: inventory });
  }
  let galaxyFile: string | undefined;
  if (p.galaxy_file) {
    galaxyFile = at(basename(p.galaxy_file));
    entries.push({ kind: 'file', say: 'Uploading galaxy file...', src: p.galaxy_file, dst: galaxyFile });
  }
  if (p.group_vars)
    entries.push({ kind: 'tree', say: 'Uploading group_vars directory...', src: p.group_vars, dst: at('group_vars') });
  if (p.host_vars)
    entries.push({ kind: 'tree', say: 'Uploading host_vars directory...', src: p.host_vars, dst: at('host_vars') });
  for (const src of p.role_paths)
    entries.push({ kind: 'tree', say: 'Uploading role directories...', src, dst: at('roles', basename(src)) });
  for (const src of p.collection_paths)
    entries.push({
      kind: 'tree',
      say: 'Uploading collection directories...',
      src,
      dst: at('collections', basename(src)),
    });
  if (p.playbook_paths.length > 0) entries.push({ kind: 'directory', dst: at('playbooks') });
  for (const src of p.playbook_paths)
    entries.push({ kind: 'tree', say: 'Uploading additional Playbooks...', src, dst: at('playbooks', basename(src)) });
  return { staging, entries, playbooks, inventory, ...(galaxyFile ? { galaxyFile } : {}) };
}

/** The plugin's generated inventory: 127.0.0.1, in each of inventory_groups. */
export function inventoryContent(p: AnsibleLocalProvisioner): string {
  if (p.inventory_groups.length === 0) return '127.0.0.1';
  return p.inventory_groups.map((group) => `[${group}]\n127.0.0.1\n`).join('');
}

/** What the galaxy requirements file asks for (the plugin's test: top-level `roles:` / `collections:`). */
export function galaxyContents(requirements: string): { roles: boolean; collections: boolean } {
  return { roles: /^roles:/m.test(requirements), collections: /^collections:/m.test(requirements) };
}

function galaxyRolesPath(p: AnsibleLocalProvisioner, staging: string): string {
  return p.galaxy_roles_path ?? shellQuote(posix.join(staging, 'galaxy_roles'));
}

function galaxyCollectionsPath(p: AnsibleLocalProvisioner, staging: string): string {
  return p.galaxy_collections_path ?? shellQuote(posix.join(staging, 'galaxy_collections'));
}

/** The ansible-galaxy command lines, run in the image before the playbooks. */
export function galaxyCommandLines(p: AnsibleLocalProvisioner, layout: StagingLayout, requirements: string): string[] {
  if (!layout.galaxyFile) return [];
  const { roles, collections } = galaxyContents(requirements);
  const file = shellQuote(layout.galaxyFile);
  const force = p.galaxy_force_install ? ' -f' : '';
  const cd = `cd ${shellQuote(layout.staging)} && ${p.galaxy_command}`;
  return [
    ...(roles || !collections ? [`${cd} install -r ${file} -p ${galaxyRolesPath(p, layout.staging)}${force}`] : []),
    ...(collections
      ? [`${cd} collection install -r ${file} -p ${galaxyCollectionsPath(p, layout.staging)}${force}`]
      : []),
  ];
}

/** The build a run belongs to, for the plugin's extra vars. */
export interface AnsibleLocalRun {
  buildName: string;
  builderType: string;
}

/** The command line that runs one playbook in the image. */
export function playbookCommandLine(
  p: AnsibleLocalProvisioner,
  layout: StagingLayout,
  playbook: string,
  run: AnsibleLocalRun,
  requirements?: string,
): string {
  const galaxy = requirements !== undefined ? galaxyContents(requirements) : { roles: false, collections: false };
  const collectionPaths = [
    ...(galaxy.collections ? [galaxyCollectionsPath(p, layout.staging)] : []),
    ...(p.collection_paths.length > 0 ? [shellQuote(posix.join(layout.staging, 'collections'))] : []),
  ];
  const env = [
    ...(collectionPaths.length > 0
      ? [`ANSIBLE_COLLECTIONS_PATH=$ANSIBLE_COLLECTIONS_PATH:${collectionPaths.join(':')}`]
      : []),
    ...(galaxy.roles ? [`ANSIBLE_ROLES_PATH=$ANSIBLE_ROLES_PATH:${galaxyRolesPath(p, layout.staging)}`] : []),
  ];
  // The plugin's extra vars, "-o IdentitiesOnly=yes" included (it becomes the extra var IdentitiesOnly=yes).
  const vars = `packer_build_name=${run.buildName} packer_builder_type=${run.builderType} packer_http_addr=${HTTP_ADDR_NOT_IMPLEMENTED} -o IdentitiesOnly=yes`;
  return [
    `cd ${shellQuote(layout.staging)} &&`,
    ...env,
    p.command,
    shellQuote(playbook),
    '--extra-vars',
    shellQuote(vars),
    ...p.extra_arguments,
    '-c local -i',
    shellQuote(layout.inventory),
  ].join(' ');
}

/** Runs one ansible-local provisioner. */
export async function runAnsibleLocalProvisioner(
  plan: AnsibleLocalProvisioner,
  ctx: ProvisionerContext,
): Promise<void> {
  ctx.ui.say('Provisioning with Ansible...');
  const p = renderFields(
    plan,
    [
      'command',
      'extra_arguments',
      'staging_directory',
      'inventory_groups',
      'galaxy_command',
      'galaxy_roles_path',
      'galaxy_collections_path',
    ],
    generatedData(ctx.data),
  );
  const staging = p.staging_directory ?? defaultStaging(plan);
  const layout = stagingLayout(p, staging, `packer-provisioner-ansible-local${randomInt(1e9, 1e10)}`);
  for (const entry of layout.entries) await stage(entry, ctx);
  const requirements = p.galaxy_file ? readFileSync(p.galaxy_file, 'utf8') : undefined;
  for (const command of requirements !== undefined ? galaxyCommandLines(p, layout, requirements) : []) {
    ctx.ui.say(`Executing Ansible Galaxy: ${command}`);
    await runInImage(command, p.galaxy_command, ctx);
  }
  const run = { buildName: ctx.sourceName, builderType: builderTypeOf(ctx) };
  for (const playbook of layout.playbooks) {
    const command = playbookCommandLine(p, layout, playbook, run, requirements);
    ctx.ui.say(`Executing Ansible: ${command}`);
    await runInImage(command, p.command, ctx);
  }
  if (p.clean_staging_directory) {
    ctx.ui.say('Removing staging directory...');
    rmSync(resolveInRoot(ctx.comm.root, staging, { followFinal: false }), { recursive: true, force: true });
  }
}

/** The plugin picks its default once per provisioner, so a retry (max_retries) stages into the same directory. */
const defaultStagings = new WeakMap<AnsibleLocalProvisioner, string>();

function defaultStaging(plan: AnsibleLocalProvisioner): string {
  let staging = defaultStagings.get(plan);
  if (staging === undefined) {
    staging = posix.join(DEFAULT_STAGING_ROOT, timeOrderedUuid());
    defaultStagings.set(plan, staging);
  }
  return staging;
}

async function stage(entry: StagingEntry, ctx: ProvisionerContext): Promise<void> {
  if (entry.say) ctx.ui.say(entry.say);
  switch (entry.kind) {
    case 'directory':
      resolveInRoot(ctx.comm.root, entry.dst, { create: 'all' });
      return;
    case 'tree':
      // A trailing slash: the directory's contents into dst, as the plugin uploads.
      return ctx.comm.uploadDir(entry.dst, `${entry.src.replace(/\/+$/, '')}/`);
    case 'file':
      return ctx.comm.upload(entry.dst, entry.src);
    case 'content':
      return ctx.comm.upload(entry.dst, Readable.from([entry.content]), 0o644);
  }
}

/** Runs `command` in the image; 127 means the program is not there. */
async function runInImage(command: string, commandField: string, ctx: ProvisionerContext): Promise<void> {
  const code = await ctx.comm.start(command, {
    signal: ctx.signal,
    stdout: (line) => ctx.ui.message(line),
    stderr: (line) => ctx.ui.message(line),
  });
  if (code === 127) {
    throw new BuildError(
      `ansible-local: ${programOf(commandField)} could not be found in the image (exit status 127). ansible-local runs the image's own Ansible: ` +
        'install it there first (a shell provisioner before this one, e.g. apt-get install -y ansible-core), ' +
        "or use the ansible provisioner, which runs this host's Ansible against the image with --connection=chroot.",
    );
  }
  if (code !== 0) throw new BuildError(`Error executing Ansible: Non-zero exit status: ${code}`);
}

/** The program a command field runs: its first word that is no `NAME=value` assignment. */
export function programOf(command: string): string {
  return command.split(/\s+/).find((word) => word !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? command;
}
