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

export type ProvisionerPlan = ShellProvisioner | FileProvisioner | ShellLocalProvisioner;

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
