/**
 * An `arm-image` source (solo-io/packer-plugin-arm-image) as the runner
 * executes it, with its Prepare's defaults made explicit: the image type
 * guessed from the first URL, image_mounts and qemu_args from the type, the
 * default qemu for image_arch, the chroot mounts with the resolv-conf bind,
 * the output file. qemu_args become qemu-user's own environment variables
 * (the plugin compiles a wrapper with gcc for them).
 */
import type { ArmImageSource, ResolvConfMode } from '../plan-model.js';
import { resolveTemplatePath } from '../text/template-path.js';
import { DEFAULT_MOUNT_PATH } from './arm-source.js';
import { armImageDownload } from './download-plan.js';
import { PlanError } from './plan-error.js';
import { type Fields, isTrue, num, str, stringList } from './plan-values.js';
import { defaultOf } from './schema-defaults.js';
import { qemuArgsEnvironment } from './qemu-args.js';

type ImageType = 'raspberrypi' | 'beaglebone' | 'kali' | 'ubuntu' | 'armbian';

/** What the plugin guesses from the first URL when image_type is not set, in its order. */
const IMAGE_TYPE_GUESSES: Array<[fragment: string, type: ImageType]> = [
  ['raspbian', 'raspberrypi'],
  ['raspios', 'raspberrypi'],
  ['bone', 'beaglebone'],
  ['kali', 'kali'],
  ['ubuntu', 'ubuntu'],
  ['Armbian', 'armbian'],
];

/** image_mounts by image type (the plugin's knownTypes). */
const MOUNTS_OF_TYPE: Record<ImageType, string[]> = {
  raspberrypi: ['/boot', '/'],
  beaglebone: ['/'],
  kali: ['/root', '/'],
  ubuntu: ['/boot/firmware', '/'],
  armbian: ['/'],
};

/** qemu_args by image type (the plugin's knownArgs). */
const QEMU_ARGS_OF_TYPE: Partial<Record<ImageType, string[]>> = { beaglebone: ['-cpu', 'cortex-a8'] };

type Arch = ArmImageSource['image_arch'];
const QEMU_OF_ARCH: Record<Arch, string> = {
  arm: 'qemu-arm-static',
  armbe: 'qemu-armeb-static',
  arm64: 'qemu-aarch64-static',
  arm64be: 'qemu-aarch64_be-static',
};

const RESOLV_CONF_BIND: [string, string, string] = ['bind', '/etc/resolv.conf', '/etc/resolv.conf'];

/** `f` holds the source's evaluated fields over the schema's defaults. */
export function armImageSource(name: string, f: Fields, cwd: string): ArmImageSource {
  const download = armImageDownload(f, cwd);
  const type = imageType(str(f.image_type), download.urls[0]);
  const mounts = stringList(f.image_mounts);
  const imageMounts = mounts.length > 0 ? mounts : type ? MOUNTS_OF_TYPE[type] : [];
  if (imageMounts.length === 0)
    throw new PlanError('no image mounts provided. Please set the image mounts or image type.');
  const arch = (str(f.image_arch) || 'arm') as Arch;
  if (!Object.hasOwn(QEMU_OF_ARCH, arch))
    throw new PlanError(`unknown image_arch. must be one of: ${Object.keys(QEMU_OF_ARCH).join(', ')}`);
  const explicitArgs = stringList(f.qemu_args);
  const qemuArgs = explicitArgs.length > 0 ? explicitArgs : type ? (QEMU_ARGS_OF_TYPE[type] ?? []) : [];
  const qemu = str(f.qemu_binary) || QEMU_OF_ARCH[arch];
  const resolvConf = resolvConfMode(str(f['resolv-conf']));
  const source: ArmImageSource = {
    type: 'arm-image',
    name,
    download,
    image_mounts: imageMounts,
    image_arch: arch,
    // A non-default qemu or any qemu_args mean qemu is wanted whatever the host.
    qemu_required: isTrue(f.qemu_required) || qemu !== QEMU_OF_ARCH[arch] || qemuArgs.length > 0,
    resolv_conf: resolvConf,
    mount_path: str(f.mount_path) || DEFAULT_MOUNT_PATH,
    chroot_mounts: chrootMounts(f, resolvConf),
    copy_files: [],
    prevent_service_starts: true,
    command_wrapper: str(f.command_wrapper) || '{{.Command}}',
    chroot_env: qemuArgsEnvironment(qemuArgs),
    qemu_binary: qemu,
    output_image: resolveTemplatePath(cwd, outputFile(f, name)),
    output_format: 'raw',
  };
  const target = num(f.target_image_size);
  if (target !== undefined && target > 0) source.target_image_size = target;
  const extra = num(f.last_partition_extra_size);
  if (extra !== undefined && extra > 0) source.last_partition_extra_size = extra;
  return source;
}

function imageType(written: string | undefined, firstUrl: string | undefined): ImageType | undefined {
  if (written) return Object.hasOwn(MOUNTS_OF_TYPE, written) ? (written as ImageType) : undefined;
  return firstUrl === undefined ? undefined : IMAGE_TYPE_GUESSES.find(([fragment]) => firstUrl.includes(fragment))?.[1];
}

/** The plugin compares with its four modes; anything else behaves as off (the validator warns). */
function resolvConfMode(text: string | undefined): ResolvConfMode {
  return text === 'copy-host' || text === 'bind-host' || text === 'delete' ? text : 'off';
}

/** chroot_mounts (the five defaults when unset or empty), additional_chroot_mounts, then the resolv.conf bind. */
function chrootMounts(f: Fields, resolvConf: ResolvConfMode): Array<[string, string, string]> {
  const own = Array.isArray(f.chroot_mounts) ? f.chroot_mounts : [];
  const base = own.length > 0 ? own : defaultOf('source', 'arm-image', 'chroot_mounts');
  const extra = Array.isArray(f.additional_chroot_mounts) ? f.additional_chroot_mounts : [];
  const mounts = [...(Array.isArray(base) ? base : []), ...extra].map((m) => {
    const triple = stringList(m);
    if (triple.length < 3)
      throw new PlanError(
        `chroot mount ${JSON.stringify(triple)}: each chroot_mounts and additional_chroot_mounts entry is [fstype, source, mountpoint]`,
      );
    return triple.slice(0, 3) as [string, string, string];
  });
  return resolvConf === 'bind-host' ? [...mounts, RESOLV_CONF_BIND] : mounts;
}

/** output_filename; else `<output_directory>/image`; else `output-<build name>/image`. */
function outputFile(f: Fields, name: string): string {
  const file = str(f.output_filename);
  if (file) return file;
  const dir = str(f.output_directory);
  return dir ? `${dir.replace(/\/+$/, '')}/image` : `output-${name}/image`;
}
