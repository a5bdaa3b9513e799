/**
 * The engine's output for a build (see plan.ts), and what the runner
 * executes: one build of one source, fully evaluated (variables, locals and
 * HCL functions resolved, defaults from the schema applied). Field names are
 * Packer's, or the plugin's for the arm builders.
 *
 * Three builders run: `chroot` (chrootforge's own), `arm`
 * (mkaczanowski/packer-builder-arm) and `arm-image`
 * (solo-io/packer-plugin-arm-image). Each source plan says what its builder
 * does differently; the parts every builder shares — how the mounted image
 * becomes a chroot and where the artifact goes — have the same names in all
 * three ({@link ChrootStage}), normalized by the planner from the builder's
 * own fields, so the runner's shared steps read them without asking which
 * builder it is.
 *
 * Strings that hold Go-template text (`{{.Device}}`, `{{.MountPath}}`,
 * `{{.Command}}`, …) are kept unrendered: the runner renders them with
 * template/interpolation when the data exists. HCL `build.X` references
 * arrive here already turned into `{{.X}}`.
 */

export interface BuildPlan {
  /** `chroot.NAME` (`arm.NAME`, `arm-image.NAME`) as Packer prints it. */
  buildName: string;
  /** Directory of the template (for relative paths and `path.root`). */
  templateDir: string;
  source: SourcePlan;
  provisioners: ProvisionerPlan[];
  postProcessors: PostProcessorPlan[];
}

/** The source of a build, by builder (`type`). */
export type SourcePlan = ChrootSource | ArmSource | ArmImageSource;

/** A plan of one builder's source (what that builder's own steps are typed with). */
export type PlanFor<S extends SourcePlan> = BuildPlan & { source: S };

/**
 * What the artifact is: a raw disk image (sparse), qcow2, or an archive of
 * the image's file tree. `tar.xz` and `tar.bz2` are written for arm's
 * `image_path` only (chroot's `output_format` offers the first five).
 */
export type OutputFormat = 'raw' | 'qcow2' | 'tar' | 'tar.gz' | 'tar.zst' | 'tar.xz' | 'tar.bz2';

/**
 * The parts of a source every builder has, under one name each: what the
 * runner's shared steps (chroot mounts, copied files, safe apt, qemu, the
 * provisioners, the artifact) read.
 */
export interface ChrootStage {
  name: string;
  /**
   * Where the image is mounted: chroot's `mount_path`, arm's
   * `image_mount_path`, arm-image's `mount_path` (the arm builders' default
   * is chroot's, a unique directory per loop device, where the plugins take
   * a temporary directory). Rendered with `{{.Device}}`.
   */
  mount_path: string;
  /** [fstype, source, mountpoint] in mount order; defaults applied (`bind`, `rbind` bind host paths). */
  chroot_mounts: Array<[string, string, string]>;
  /** Host files copied into the image for the build only (chroot's copy_files; none for the arm builders). */
  copy_files: string[];
  /** A deny-all policy-rc.d while a Debian-like image is provisioned (chroot's field, default true; always for the arm builders). */
  prevent_service_starts: boolean;
  /** `{{.Command}}` wraps every command run in the chroot. */
  command_wrapper: string;
  /** Environment of every command run in the chroot. */
  chroot_env: Record<string, string>;
  /**
   * The qemu user-mode emulator for a foreign-architecture image (chroot's
   * qemu_binary, arm's qemu_binary_source_path, arm-image's qemu_binary or
   * its default for image_arch). Whether it is used is the runner's call for
   * arm-image (only when image_arch is not the host's, or qemu_required).
   */
  qemu_binary?: string;
  /** Absolute path of the artifact (chroot's output_image, arm's image_path, arm-image's output_filename). */
  output_image: string;
  output_format: OutputFormat;
}

/**
 * A download the arm builders start from: the first of `urls` that can be
 * had, verified against `checksum` (chroot's source_checksum syntax:
 * `ALGO:HEX`, `file:PATH-or-URL`, or absent for none), as Packer's
 * StepDownload does.
 */
export interface DownloadPlan {
  /** http(s) or file:// URLs, or absolute local paths, tried in order. */
  urls: string[];
  checksum?: string;
  /** Where the download is kept (file_target_path / iso_target_path); default the download cache. */
  target_path?: string;
}

/** One partition of arm's `image_partitions`; partition N is the Nth. */
export interface ArmPartition {
  name: string;
  /** sfdisk type (dos) or sgdisk type code (gpt). */
  type: string;
  /** 0 = the partitioning tool chooses. */
  start_sector: number;
  /** As written ("256M", "+256M", "0" or "" = the rest of the disk). */
  size: string;
  /** `mkfs.<filesystem>`; ext2/3/4 for the partition `resize` grows. */
  filesystem: string;
  filesystem_make_options: string[];
  /** Where it is mounted inside the image; "" = not mounted. */
  mountpoint: string;
}

/** mkaczanowski/packer-builder-arm. */
export interface ArmSource extends ChrootStage {
  type: 'arm';
  download: DownloadPlan;
  /**
   * argv run to unpack the download; `$ARCHIVE_PATH`, `$TMP_DIR` (reuse,
   * resize) and `$MOUNTPOINT` (new) are replaced where they are a whole
   * element, as the plugin does. Empty: unpacked by its extension.
   */
  file_unarchive_cmd: string[];
  /** Lower-cased; `img` or `iso` = the download is the raw image itself. */
  file_target_extension: string;
  /** Where reuse/resize unpack (default the build's work directory). */
  file_tmp_dir_location?: string;
  image_build_method: 'new' | 'reuse' | 'resize';
  image_type: 'dos' | 'gpt';
  /** image_size (go-humanize: "2G" = 2,000,000,000) or image_size_bytes: the size `new` creates. */
  image_size_bytes: number;
  /** image_size as written: what `resize` hands `qemu-img resize` (there "2G" = 2 GiB), absent when only image_size_bytes is set. */
  image_size?: string;
  image_partitions: ArmPartition[];
  /** Host commands (argv) after mounting; `$MOUNTPOINT` and `$IMAGE_PATH` replaced inside each element. */
  image_setup_extra: string[][];
  /**
   * The artifact of a `.gz` image_path is a tar.gz of the root file system
   * alone (the plugin's `tar --one-file-system`); other archives hold every
   * mounted partition.
   */
  archive_root_only: boolean;
}

/** arm-image's resolv-conf modes. */
export type ResolvConfMode = 'off' | 'copy-host' | 'bind-host' | 'delete';

/** solo-io/packer-plugin-arm-image. */
export interface ArmImageSource extends ChrootStage {
  type: 'arm-image';
  download: DownloadPlan;
  /** Mountpoint of the Nth partition of the image ("" = not mounted); the image must have exactly this many. */
  image_mounts: string[];
  image_arch: 'arm' | 'armbe' | 'arm64' | 'arm64be';
  /** Set up qemu even for the host's own architecture. */
  qemu_required: boolean;
  /** copy-host and delete change the image's /etc/resolv.conf for good; bind-host is in chroot_mounts. */
  resolv_conf: ResolvConfMode;
  /** Grow the image to this many bytes, and its last partition and ext file system with it. */
  target_image_size?: number;
  /** Deprecated form: grow by this many bytes. */
  last_partition_extra_size?: number;
}

/** chrootforge's own builder (Packer's chroot builders' fields). */
export interface ChrootSource extends ChrootStage {
  type: 'chroot';
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
  mount_options: string[];
  pre_mount_commands: string[];
  post_mount_commands: string[];
  pre_unmount_commands: string[];
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
