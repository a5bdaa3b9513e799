/**
 * The plans of hashicorp/packer-plugin-ansible's two provisioners, from
 * their evaluated fields (schema defaults applied). Relative local paths are
 * resolved from Packer's working directory, as the plugin's `os.Stat` and
 * `filepath.Abs` see them.
 *
 * chrootforge has no SSH proxy (the plugin's adapter between Ansible and a
 * non-SSH communicator): Ansible reaches the image through its own chroot
 * connection. A template that asks for the proxy with `use_proxy = true` is
 * refused here, before anything runs; the proxy's other settings are passed
 * on as unused so the build can say so.
 */
import type { Value } from './evaluation-model.js';
import type { AnsibleLocalProvisioner, AnsibleProvisioner, ProvisionerCommon } from './plan-model.js';
import { isTrue, nonEmpty, stringList } from './plan/plan-values.js';

/** The fields as planned: schema defaults under what the template sets. */
type Fields = Record<string, Value>;

/** What the planner needs to know about the declaration besides its values. */
export interface AnsibleFieldContext {
  /** Fields the template sets itself (not from the schema's defaults). */
  explicit: ReadonlySet<string>;
  /** `file:line:col` of a field the template sets. */
  where: (field: string) => string;
  /** A local path resolved from the working directory. */
  local: (path: string) => string;
  /** Refuses the plan (a PlanError). */
  refuse: (message: string) => never;
}

/** Settings of the plugin's SSH proxy only: with no proxy they have nothing to configure. */
const PROXY_FIELDS = [
  'local_port',
  'ssh_host_key_file',
  'ssh_authorized_key_file',
  'ansible_proxy_key_type',
  'sftp_command',
  'ansible_ssh_extra_args',
] as const;

export function ansiblePlan(f: Fields, common: ProvisionerCommon, ctx: AnsibleFieldContext): AnsibleProvisioner {
  if (ctx.explicit.has('use_proxy') && isTrue(f.use_proxy)) {
    ctx.refuse(
      `provisioner "ansible": use_proxy = true (${ctx.where('use_proxy')}) asks for the plugin's SSH proxy, which chrootforge does not have: ` +
        'Ansible reaches the image through its chroot connection instead (the generated inventory names the mount path with ansible_connection=chroot). ' +
        'Remove use_proxy or set it to false.',
    );
  }
  const optional = (field: string, path = false): string | undefined => {
    const value = nonEmpty(f[field]);
    return value === undefined ? undefined : path ? ctx.local(value) : value;
  };
  const plan: AnsibleProvisioner = {
    type: 'ansible',
    ...common,
    playbook_file: ctx.local(nonEmpty(f.playbook_file) ?? ''),
    command: nonEmpty(f.command) ?? 'ansible-playbook',
    extra_arguments: stringList(f.extra_arguments),
    ansible_env_vars: stringList(f.ansible_env_vars),
    groups: stringList(f.groups),
    empty_groups: stringList(f.empty_groups),
    host_alias: nonEmpty(f.host_alias) ?? 'default',
    keep_inventory_file: isTrue(f.keep_inventory_file),
    galaxy_command: nonEmpty(f.galaxy_command) ?? 'ansible-galaxy',
    galaxy_force_install: isTrue(f.galaxy_force_install),
    galaxy_force_with_deps: isTrue(f.galaxy_force_with_deps),
    ansible_winrm_use_http: isTrue(f.ansible_winrm_use_http),
    use_sftp: isTrue(f.use_sftp),
    skip_version_check: isTrue(f.skip_version_check),
    unused_proxy_fields: PROXY_FIELDS.filter((field) => ctx.explicit.has(field)),
  };
  const set = <K extends keyof AnsibleProvisioner>(key: K, value: AnsibleProvisioner[K] | undefined): void => {
    if (value !== undefined) plan[key] = value;
  };
  set('user', optional('user'));
  set('inventory_directory', optional('inventory_directory', true));
  set('inventory_file_template', optional('inventory_file_template'));
  // A host list (`/mnt/image,`) is no path: Ansible reads it as given.
  set('inventory_file', optional('inventory_file', !nonEmpty(f.inventory_file)?.includes(',')));
  set('galaxy_file', optional('galaxy_file', true));
  set('roles_path', optional('roles_path', true));
  set('collections_path', optional('collections_path', true));
  set('ssh_host_key_file', optional('ssh_host_key_file', true));
  return plan;
}

export function ansibleLocalPlan(
  f: Fields,
  common: ProvisionerCommon,
  ctx: AnsibleFieldContext,
): AnsibleLocalProvisioner {
  const localList = (field: string): string[] => stringList(f[field]).map(ctx.local);
  const plan: AnsibleLocalProvisioner = {
    type: 'ansible-local',
    ...common,
    playbook_paths: localList('playbook_paths'),
    role_paths: localList('role_paths'),
    collection_paths: localList('collection_paths'),
    command: nonEmpty(f.command) ?? 'ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook',
    extra_arguments: stringList(f.extra_arguments),
    clean_staging_directory: isTrue(f.clean_staging_directory),
    inventory_groups: commaList(f.inventory_groups),
    galaxy_command: nonEmpty(f.galaxy_command) ?? 'ansible-galaxy',
    galaxy_force_install: isTrue(f.galaxy_force_install),
  };
  const local = (field: string): string | undefined => {
    const value = nonEmpty(f[field]);
    return value === undefined ? undefined : ctx.local(value);
  };
  const set = <K extends keyof AnsibleLocalProvisioner>(
    key: K,
    value: AnsibleLocalProvisioner[K] | undefined,
  ): void => {
    if (value !== undefined) plan[key] = value;
  };
  set('playbook_file', local('playbook_file'));
  if (f.playbook_files !== undefined) plan.playbook_files = localList('playbook_files');
  set('playbook_dir', local('playbook_dir'));
  set('group_vars', local('group_vars'));
  set('host_vars', local('host_vars'));
  set('staging_directory', nonEmpty(f.staging_directory));
  set('inventory_file', local('inventory_file'));
  set('galaxy_file', local('galaxy_file'));
  set('galaxy_roles_path', nonEmpty(f.galaxy_roles_path));
  set('galaxy_collections_path', nonEmpty(f.galaxy_collections_path));
  return plan;
}

/** A list, or (legacy JSON, the SDK's string-to-slice decoding) one comma-separated string. */
function commaList(value: Value | undefined): string[] {
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  return stringList(value);
}
