/**
 * packer-builder-arm's Prepare checks (RemoteFileConfig, ImageConfig; QemuConfig checks nothing), with the
 * plugin's own messages, plus warnings for what the plugin accepts but its build certainly fails on. Field
 * types and the enums of image_type and image_build_method are the schema's.
 */
import type { Configuration, SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import { isUnknown } from '../evaluation-model.js';
import type { Diagnostic } from '../model.js';
import { parseGoGetterChecksum } from '../text/go-checksum.js';
import { parseHumanizeBytes } from '../text/humanize-bytes.js';
import { buildWillFail } from './build-will-fail.js';
import type { Fields, NestedFields } from './rule-context.js';

export function checkArm(source: SourceDecl, fields: Fields, config: Configuration): Diagnostic[] {
  return [
    ...remoteFile(source, fields),
    ...imageSize(source, fields),
    ...buildMethod(source, fields),
    ...partitions(source, fields, provisioned(source, config)),
    ...unsetForTheBuild(source, fields),
  ];
}

/** RemoteFileConfig.Prepare: the download and its checksum. */
function remoteFile(source: SourceDecl, fields: Fields): Diagnostic[] {
  if (!fields.isSet('file_urls')) {
    return [
      diagnostic(source.file, source.headerRange, 'missing-field', 'one of file_url or file_urls must be specified'),
    ];
  }
  const typeValue = fields.value('file_checksum_type');
  if (isUnknown(typeValue)) return [];
  const type = typeof typeValue === 'string' ? typeValue.toLowerCase() : '';
  if (type === 'none') {
    return [
      diagnostic(
        source.file,
        fields.attribute('file_checksum_type')!.value.range,
        'unverified-download',
        "a checksum type of 'none' was specified. Specifying checksum is highly recommended",
        'warning',
      ),
    ];
  }
  const hasSum = fields.isSet('file_checksum');
  const hasUrl = fields.isSet('file_checksum_url');
  if (!hasSum && !hasUrl) {
    return [diagnostic(source.file, source.headerRange, 'missing-field', 'a checksum must be specified')];
  }
  if (hasSum && hasUrl) {
    // Packer warns that it discards the URL, but the plugin then builds "file:URL" and never reads file_checksum.
    return [
      diagnostic(
        source.file,
        fields.attribute('file_checksum')!.nameRange,
        'unused-field',
        'Both file_checksum and file_checksum_url are set: Packer warns that it discards file_checksum_url, but packer-builder-arm then verifies the download against file_checksum_url and ignores file_checksum. Keep one of them.',
        'warning',
      ),
    ];
  }
  return hasSum ? checksumValue(source, fields, type) : [];
}

/** file_checksum without file_checksum_url: the plugin makes `TYPE:VALUE` of it, checked by go-getter at download. */
function checksumValue(source: SourceDecl, fields: Fields, type: string): Diagnostic[] {
  const attribute = fields.attribute('file_checksum')!;
  if (type === 'file') {
    return [
      diagnostic(
        source.file,
        fields.attribute('file_checksum_type')!.value.range,
        'invalid-checksum',
        'couldn\'t extract checksum from checksum file: file_checksum_type "file" reads the checksum file named by file_checksum_url, which is not set.',
      ),
    ];
  }
  if (type === '') {
    return [
      diagnostic(
        source.file,
        attribute.nameRange,
        'unverified-download',
        'file_checksum has no file_checksum_type, so packer-builder-arm drops it and does not verify the download. Add file_checksum_type (sha256, sha512, sha1 or md5).',
        'warning',
      ),
    ];
  }
  const value = fields.string('file_checksum');
  if (value === undefined) return [];
  const parsed = parseGoGetterChecksum(`${type}:${value}`);
  if (parsed.kind === 'error') {
    return [buildWillFail(source.file, attribute.value.range, `the download's checksum check fails: ${parsed.error}.`)];
  }
  if (parsed.kind === 'digest' && parsed.hex.length !== parsed.expectedBytes * 2) {
    return [
      buildWillFail(
        source.file,
        attribute.value.range,
        `a ${parsed.type} checksum has ${parsed.expectedBytes * 2} hex digits, this one ${parsed.hex.length}: the download can never match it.`,
      ),
    ];
  }
  return [];
}

/** ImageConfig.Prepare: exactly one of image_size (a go-humanize size) and image_size_bytes. */
function imageSize(source: SourceDecl, fields: Fields): Diagnostic[] {
  const sizeValue = fields.value('image_size');
  const bytesValue = fields.value('image_size_bytes');
  if (isUnknown(sizeValue) || isUnknown(bytesValue)) return [];
  const size = sizeValue === undefined || sizeValue === null ? '' : String(sizeValue);
  const bytesSet = bytesValue !== undefined && bytesValue !== null && bytesValue !== '' && Number(bytesValue) !== 0;
  const out: Diagnostic[] = [];
  if (size !== '' && bytesSet) {
    out.push(
      diagnostic(
        source.file,
        fields.attribute('image_size_bytes')!.nameRange,
        'conflicting-fields',
        'only one of image_size or image_size_bytes can be specified',
      ),
    );
  }
  if (size === '') {
    if (!bytesSet) out.push(sizeRequired(source));
    return out;
  }
  const parsed = parseHumanizeBytes(size);
  if ('error' in parsed) {
    out.push(
      diagnostic(
        source.file,
        fields.attribute('image_size')!.value.range,
        'invalid-size',
        `image_size "${size}": ${parsed.error}. Write a number with an optional unit, such as "4G", "3.5GiB", "512M" or bytes.`,
      ),
    );
  } else if (parsed.bytes === 0) {
    out.push(sizeRequired(source));
  }
  return out;
}

function sizeRequired(source: SourceDecl): Diagnostic {
  return diagnostic(
    source.file,
    source.headerRange,
    'missing-field',
    'one of image_size_bytes or image_size must be set',
  );
}

/** The method's value is the schema's enum; its absence is Prepare's own error. */
function buildMethod(source: SourceDecl, fields: Fields): Diagnostic[] {
  return fields.isSet('image_build_method')
    ? []
    : [diagnostic(source.file, source.headerRange, 'missing-field', 'image build method must be specified')];
}

/** At least one partition (Prepare); and what the mount and resize steps need of them (the build). */
function partitions(source: SourceDecl, fields: Fields, runsProvisioners: boolean): Diagnostic[] {
  if (!fields.isSet('image_partitions')) {
    return [diagnostic(source.file, source.headerRange, 'missing-field', 'you need to specify at least one partition')];
  }
  const list = fields.blockList('image_partitions');
  if (!list || list.length === 0) return [];
  return [
    ...partitionSizes(source, list),
    ...(runsProvisioners ? rootPartition(source, list) : []),
    ...expandablePartition(source, fields, list),
  ];
}

/**
 * sfdisk (`size=`) and sgdisk (the end of `-n`) read a number, optionally signed, with a unit; text that does
 * not start as a number is refused by both. (Finer points of their syntax differ and are left to them.)
 */
function partitionSizes(source: SourceDecl, list: NestedFields[]): Diagnostic[] {
  return list.flatMap(({ fields: partition }) => {
    const size = partition.string('size');
    if (size === undefined || size === '' || /^[+-]?(\d|\.\d|$)/.test(size)) return [];
    return [
      buildWillFail(
        source.file,
        partition.attribute('size')!.value.range,
        `the partitioning tool reads size as a number with an optional unit ("256M", "+256M", "0"); "${size}" is not one.`,
      ),
    ];
  });
}

/** Whether some build runs provisioners in this source's chroot. */
function provisioned(source: SourceDecl, config: Configuration): boolean {
  return config.builds.some(
    (build) =>
      build.provisioners.length > 0 && build.sources.some((s) => s.type === source.type && s.name === source.name),
  );
}

/** Partitions are mounted at `image_mount_path` joined with their mountpoint: the chroot needs one at `/`. */
function rootPartition(source: SourceDecl, list: NestedFields[]): Diagnostic[] {
  const mountpoints = list.map((p) => p.fields.value('mountpoint'));
  if (mountpoints.some(isUnknown)) return [];
  if (mountpoints.some((m) => typeof m === 'string' && m !== '' && isRootPath(m))) return [];
  return [
    buildWillFail(
      source.file,
      list[0]!.range,
      'no partition of image_partitions has mountpoint "/", so the chroot the provisioners run in has no root filesystem (and `new` would unpack the archive outside the image). Set mountpoint = "/" on the root partition.',
    ),
  ];
}

/** Whether joining the path to a directory names the directory itself (`/`, `.`, `//`, `/a/..`). */
function isRootPath(path: string): boolean {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') kept.pop();
    else if (segment !== '' && segment !== '.') kept.push(segment);
  }
  return kept.length === 0;
}

/** `resize` grows the one partition whose size is "0" and whose filesystem is ext2/3/4. */
function expandablePartition(source: SourceDecl, fields: Fields, list: NestedFields[]): Diagnostic[] {
  if (fields.value('image_build_method') !== 'resize') return [];
  const sizes = list.map((p) => p.fields.value('size'));
  const filesystems = list.map((p) => p.fields.value('filesystem'));
  if ([...sizes, ...filesystems].some(isUnknown)) return [];
  const expandable = list.flatMap((_, i) =>
    String(sizes[i] ?? '') === '0' && String(filesystems[i] ?? '').startsWith('ext') ? [i + 1] : [],
  );
  if (expandable.length === 1) return [];
  const reason =
    expandable.length === 0
      ? 'couldn\'t find any partition to expand (resize grows the one partition with size = "0" and an ext filesystem)'
      : `found ${expandable.length} resizable partitions ([${expandable.join(' ')}]), but we can expand only one`;
  return [buildWillFail(source.file, list[0]!.range, `${reason}.`)];
}

/**
 * Fields Prepare leaves unchecked although the build cannot do without them. (Not qemu_binary_source_path:
 * the plugin's Docker image runs with DONT_SETUP_QEMU and registers the emulators itself.)
 */
function unsetForTheBuild(source: SourceDecl, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!fields.isSet('image_path')) {
    out.push(
      buildWillFail(
        source.file,
        source.headerRange,
        'image_path is not set, and packer-builder-arm writes the image there. Set image_path (e.g. "raspios.img").',
      ),
    );
  }
  if (
    fields.value('image_build_method') === 'resize' &&
    !fields.isSet('image_size') &&
    fields.isSet('image_size_bytes')
  ) {
    out.push(
      buildWillFail(
        source.file,
        fields.attribute('image_size_bytes')!.nameRange,
        'resize runs `qemu-img resize IMAGE <image_size>` with the text of image_size, which is empty here. Give the size as image_size (e.g. "4G").',
      ),
    );
  }
  return out;
}
