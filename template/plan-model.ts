/**
 * The engine's output for a build (see plan.ts), and what the runner
 * executes: one build of one `chroot` source, fully evaluated (variables,
 * locals and HCL functions resolved, defaults from the schema applied).
 * Field names are Packer's.
 *
 * Strings that hold Go-template text (`{{.Device}}`, `{{.MountPath}}`,
 * `{{.Command}}`, …) are kept unrendered: the runner renders them with
 * template/interpolation when the data exists. HCL `build.X` references
 * arrive here already turned into `{{.X}}`.
 */

export interface BuildPlan {
  /** `chroot.NAME` as Packer prints it. */
  buildName: string;
  /** Directory of the template (for relative paths and `path.root`). */
  templateDir: string;
  source: ChrootSource;
  provisioners: ProvisionerPlan[];
  postProcessors: PostProcessorPlan[];
}

export type OutputFormat = 'raw' | 'qcow2' | 'tar' | 'tar.gz' | 'tar.zst';

export interface ChrootSource {
  name: string;
  /** Path (absolute) or http(s)/file URL; absent with from_scratch. */
  source_image?: string;
  /** `sha256:HEX`, `file:PATH-or-URL`, `none`, or absent. */
  source_checksum?: string;
  from_scratch: boolean;
  /** Bytes; absent = keep the source size. */
  image_size?: number;
  /** "0" = whole device. */
  mount_partition: string;
  /** [partition, path inside the root], mounted after the root. */
  partition_mounts: Array<[string, string]>;
  mount_path: string;
  mount_options: string[];
  pre_mount_commands: string[];
  post_mount_commands: string[];
  pre_unmount_commands: string[];
  /** [fstype, source, mountpoint]; defaults applied (Packer's five). */
  chroot_mounts: Array<[string, string, string]>;
  /** Defaults applied (["/etc/resolv.conf"] unless from_scratch). */
  copy_files: string[];
  /** Default true: a deny-all policy-rc.d while a Debian-like image is provisioned. */
  prevent_service_starts: boolean;
  command_wrapper: string;
  chroot_env: Record<string, string>;
  qemu_binary?: string;
  /** Absolute path of the artifact. */
  output_image: string;
  output_format: OutputFormat;
}

/** Fields every provisioner may set. */
export interface ProvisionerCommon {
  only?: string[];
  except?: string[];
  /** Milliseconds. */
  pause_before?: number;
  max_retries?: number;
  /** Milliseconds. */
  timeout?: number;
}

export interface ShellProvisioner extends ProvisionerCommon {
  type: 'shell';
  inline?: string[];
  /** Absolute paths. */
  script?: string;
  scripts?: string[];
  environment_vars: string[];
  /** Default `chmod +x {{.Path}}; {{.Vars}} {{.Path}}`. */
  execute_command: string;
  /** Default `/bin/sh -e`. */
  inline_shebang: string;
  /** Default `/tmp`. */
  remote_folder: string;
  remote_file?: string;
  /** Default [0]. */
  valid_exit_codes: number[];
}

export interface FileProvisioner extends ProvisionerCommon {
  type: 'file';
  /** Absolute host paths (upload) or image paths (download). */
  source?: string;
  sources?: string[];
  content?: string;
  destination: string;
  direction: 'upload' | 'download';
  /** Excluded names for directory uploads. */
  exclude?: string[];
}

export interface ShellLocalProvisioner extends ProvisionerCommon {
  type: 'shell-local';
  inline?: string[];
  command?: string;
  script?: string;
  scripts?: string[];
  environment_vars: string[];
  /** Default ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"] (Packer's). */
  execute_command: string[];
  inline_shebang: string;
  valid_exit_codes: number[];
}

/**
 * hashicorp/packer-plugin-ansible's `ansible`: the host's ansible-playbook
 * against the mounted image through Ansible's chroot connection (no SSH
 * proxy: see runner/provisioners/ansible.ts). Paths are absolute host paths.
 */
export interface AnsibleProvisioner extends ProvisionerCommon {
  type: 'ansible';
  playbook_file: string;
  /** A program (path or name on PATH), run without a shell. Default `ansible-playbook`. */
  command: string;
  /** Go-template text (build data such as `{{.MountPath}}`), rendered when the build has it. */
  extra_arguments: string[];
  /** `NAME=value`, Go-template text as extra_arguments. */
  ansible_env_vars: string[];
  groups: string[];
  empty_groups: string[];
  /** Default `default`. */
  host_alias: string;
  /** Default: the user running the build. */
  user?: string;
  inventory_directory?: string;
  /** Go-template text of the host line, rendered with the inventory data. */
  inventory_file_template?: string;
  inventory_file?: string;
  keep_inventory_file: boolean;
  galaxy_file?: string;
  /** Default `ansible-galaxy`. */
  galaxy_command: string;
  galaxy_force_install: boolean;
  galaxy_force_with_deps: boolean;
  roles_path?: string;
  collections_path?: string;
  /** Adds `-e ansible_winrm_scheme=http` unless an argument sets the scheme. */
  ansible_winrm_use_http: boolean;
  /** Set: no ANSIBLE_HOST_KEY_CHECKING=False in the environment (the plugin's rule). */
  ssh_host_key_file?: string;
  /** False: ANSIBLE_SCP_IF_SSH=True in the environment (the plugin's rule). */
  use_sftp: boolean;
  /** Ansible's version is not checked before the build (it may be installed during it). */
  skip_version_check: boolean;
  /** Fields of the plugin's SSH proxy the template sets; chrootforge has no proxy and says they are not used. */
  unused_proxy_fields: string[];
}

/**
 * hashicorp/packer-plugin-ansible's `ansible-local`: files uploaded into a
 * staging directory in the image and ansible-playbook run there, in the
 * chroot, with `-c local`. Local paths are absolute host paths.
 */
export interface AnsibleLocalProvisioner extends ProvisionerCommon {
  type: 'ansible-local';
  playbook_file?: string;
  playbook_files?: string[];
  playbook_dir?: string;
  playbook_paths: string[];
  role_paths: string[];
  collection_paths: string[];
  group_vars?: string;
  host_vars?: string;
  /** Shell text run in the image. Default `ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook`. */
  command: string;
  /** Joined with spaces into the command line the image's shell runs (as the plugin does). */
  extra_arguments: string[];
  /** Default: `/tmp/packer-provisioner-ansible-local/<time-ordered uuid>`, chosen when it runs. */
  staging_directory?: string;
  clean_staging_directory: boolean;
  inventory_file?: string;
  inventory_groups: string[];
  galaxy_file?: string;
  /** Default `ansible-galaxy`. */
  galaxy_command: string;
  galaxy_force_install: boolean;
  /** Default `galaxy_roles` under the staging directory. */
  galaxy_roles_path?: string;
  /** Default `galaxy_collections` under the staging directory. */
  galaxy_collections_path?: string;
}

export type ProvisionerPlan =
  | ShellProvisioner
  | FileProvisioner
  | ShellLocalProvisioner
  | AnsibleProvisioner
  | AnsibleLocalProvisioner;

export interface ChecksumPostProcessor {
  type: 'checksum';
  /** Default ["md5"]. */
  checksum_types: string[];
  /** Default `packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum`. */
  output: string;
}

export interface ManifestPostProcessor {
  type: 'manifest';
  /** Default `packer-manifest.json`. */
  output: string;
  strip_path: boolean;
  custom_data: Record<string, string>;
}

export type PostProcessorPlan = ChecksumPostProcessor | ManifestPostProcessor;
