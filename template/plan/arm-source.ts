/**
 * An `arm` source (mkaczanowski/packer-builder-arm) as the runner executes
 * it, with the plugin's Prepare defaults (ImageConfig, RemoteFileConfig,
 * QemuConfig) applied and its run-time choices made explicit: the chroot
 * mounts in the order its StepSetupChroot mounts them (sorted by
 * destination), the artifact's format from image_path's extension
 * (StepCompressArtifact), image_chroot_env as the chroot's environment.
 */
import type { ArmPartition, ArmSource, OutputFormat } from '../plan-model.js';
import { parseHumanizeBytes } from '../text/humanize-bytes.js';
import { resolveTemplatePath } from '../text/template-path.js';
import { armDownload } from './download-plan.js';
import { PlanError } from './plan-error.js';
import { blockList, type Fields, nonEmpty, num, str, stringList } from './plan-values.js';
import { defaultOf } from './schema-defaults.js';

/** Where the arm builders mount the image unless told: one directory per loop device, as chroot's. */
export const DEFAULT_MOUNT_PATH = '/mnt/chrootforge/{{.Device}}';

/** `f` holds the source's evaluated fields over the schema's defaults. */
export function armSource(name: string, f: Fields, cwd: string): ArmSource {
  const method = str(f.image_build_method);
  if (method !== 'new' && method !== 'reuse' && method !== 'resize')
    throw new PlanError(`image_build_method must be new, reuse or resize, not ${JSON.stringify(method ?? '')}`);
  const imagePath = str(f.image_path) ?? '';
  if (imagePath === '')
    throw new PlanError('image_path is not set: packer-builder-arm writes the image there (e.g. "raspios.img")');
  const output = resolveTemplatePath(cwd, imagePath);
  const artifact = artifactOf(imagePath);
  const partitions = blockList(f.image_partitions).map(partitionOf);
  const imageSize = str(f.image_size);
  const source: ArmSource = {
    type: 'arm',
    name,
    download: armDownload(f, cwd),
    file_unarchive_cmd: stringList(f.file_unarchive_cmd),
    file_target_extension: (str(f.file_target_extension) ?? '').toLowerCase(),
    image_build_method: method,
    image_type: str(f.image_type) === 'gpt' ? 'gpt' : 'dos',
    image_size_bytes: sizeInBytes(imageSize, num(f.image_size_bytes)),
    image_partitions: partitions,
    image_setup_extra: Array.isArray(f.image_setup_extra) ? f.image_setup_extra.map((c) => stringList(c)) : [],
    archive_root_only: artifact.rootOnly,
    mount_path: nonEmpty(str(f.image_mount_path)) ?? DEFAULT_MOUNT_PATH,
    chroot_mounts: chrootMounts(f),
    copy_files: [],
    prevent_service_starts: true,
    command_wrapper: '{{.Command}}',
    chroot_env: chrootEnv(stringList(f.image_chroot_env)),
    output_image: output,
    output_format: artifact.format,
  };
  if (imageSize !== undefined && imageSize !== '') source.image_size = imageSize;
  const tmp = nonEmpty(str(f.file_tmp_dir_location));
  if (tmp !== undefined) source.file_tmp_dir_location = resolveTemplatePath(cwd, tmp);
  const qemu = nonEmpty(str(f.qemu_binary_source_path));
  if (qemu !== undefined) source.qemu_binary = qemu;
  if (method === 'new') requireFilesystems(partitions);
  return source;
}

/** image_size (go-humanize's ParseBytes) or image_size_bytes; Prepare requires one of them. */
function sizeInBytes(size: string | undefined, bytes: number | undefined): number {
  if (size !== undefined && size !== '') {
    const parsed = parseHumanizeBytes(size);
    if ('error' in parsed) throw new PlanError(`image_size "${size}": ${parsed.error}`);
    return parsed.bytes;
  }
  if (bytes !== undefined && bytes > 0) return bytes;
  throw new PlanError('one of image_size_bytes or image_size must be set');
}

function partitionOf(p: Fields): ArmPartition {
  return {
    name: str(p.name) ?? '',
    type: str(p.type) ?? '',
    start_sector: num(p.start_sector) ?? 0,
    size: str(p.size) ?? '',
    filesystem: str(p.filesystem) ?? '',
    filesystem_make_options: stringList(p.filesystem_make_options),
    mountpoint: str(p.mountpoint) ?? '',
  };
}

/** `new` runs `mkfs.<filesystem>` on every partition: an empty one would run `mkfs.`. */
function requireFilesystems(partitions: ArmPartition[]): void {
  const index = partitions.findIndex((p) => p.filesystem === '');
  if (index >= 0)
    throw new PlanError(
      `image_partitions[${index}] (partition ${index + 1}) has no filesystem: image_build_method "new" makes one on every partition (mkfs.<filesystem>); set filesystem, e.g. "ext4" or "vfat"`,
    );
}

/**
 * image_chroot_mounts (the five defaults when unset or empty) and then
 * additional_chroot_mounts, mounted in order of their destination as
 * StepSetupChroot sorts them.
 */
function chrootMounts(f: Fields): Array<[string, string, string]> {
  const own = blockList(f.image_chroot_mounts);
  const base = own.length > 0 ? own : blockList(defaultOf('source', 'arm', 'image_chroot_mounts'));
  const mounts = [...base, ...blockList(f.additional_chroot_mounts)].map(
    (m) =>
      [str(m.mount_type) ?? '', str(m.source_path) ?? '', str(m.destination_path) ?? ''] as [string, string, string],
  );
  // A stable sort by destination: /dev before /dev/pts, /proc before /proc/sys/fs/binfmt_misc.
  return mounts.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
}

/** `NAME=VALUE` entries, which the plugin puts before every command run in the chroot. */
function chrootEnv(entries: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0)
      throw new PlanError(
        `image_chroot_env entry ${JSON.stringify(entry)} is not NAME=VALUE (each entry is one variable of the chroot's environment)`,
      );
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Archive formats the plugin's archiver picks by file name, that chrootforge writes. */
const ARCHIVES: Array<[RegExp, OutputFormat]> = [
  [/\.tgz$/i, 'tar.gz'],
  [/\.(tar\.xz|txz)$/i, 'tar.xz'],
  [/\.tar\.zst$/i, 'tar.zst'],
  [/\.(tar\.bz2|tbz2)$/i, 'tar.bz2'],
  [/\.tar$/i, 'tar'],
];

/**
 * StepCompressArtifact: `.img` stays the raw image; `.gz` (so `.tar.gz` too)
 * is `tar -cpzf --one-file-system` of the root; any other name goes to
 * mholt/archiver, which picks the format by the name.
 */
function artifactOf(imagePath: string): { format: OutputFormat; rootOnly: boolean } {
  if (/\.img$/.test(imagePath)) return { format: 'raw', rootOnly: false };
  if (/\.gz$/.test(imagePath)) return { format: 'tar.gz', rootOnly: true };
  const archive = ARCHIVES.find(([re]) => re.test(imagePath));
  if (archive) return { format: archive[1], rootOnly: false };
  throw new PlanError(
    `image_path "${imagePath}": packer-builder-arm picks the artifact by the extension: .img is the raw image, .gz (and .tar.gz) a tar.gz of the root file system, .tar, .tgz, .tar.xz, .tar.zst or .tar.bz2 an archive of the image's files${/\.(zip|tar\.lz4|tlz4|tar\.sz|tsz|tar\.br|tbr)$/i.test(imagePath) ? '; chrootforge does not write this archive format' : ''}`,
  );
}
