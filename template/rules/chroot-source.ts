/**
 * Rules of our `chroot` builder that a schema cannot say: from_scratch
 * requirements, source kinds, sizes and partition fields.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic, Expr } from '../model.js';
import type { SourceDecl } from '../configuration-model.js';
import { parseImageSize } from './image-size.js';
import { type Fields, listItems } from './rule-context.js';
import { staticString } from '../static-value.js';

const TARBALL = /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.zst|tzst)$/i;
const IMAGE = /\.(img|raw|qcow2|img\.gz|img\.xz|img\.zst|raw\.gz|raw\.xz|raw\.zst)$/i;

export function checkChrootSource(source: SourceDecl, fields: Fields): Diagnostic[] {
  return [
    ...fromScratchRules(source, fields),
    ...sourceImageRules(source.file, fields),
    ...imageSizeRule(source.file, fields),
    ...partitionRules(source.file, fields),
  ];
}

function fromScratchRules(source: SourceDecl, fields: Fields): Diagnostic[] {
  const file = source.file;
  if (!fields.isTrue('from_scratch')) {
    if (fields.has('source_image')) return [];
    return [diagnostic(file, source.headerRange, 'missing-field',
      `The chroot source "${source.name}" needs source_image (a path or URL of a raw, qcow2 or compressed image, or a rootfs tarball), or from_scratch = true.`)];
  }
  const out: Diagnostic[] = [];
  const flag = fields.attribute('from_scratch')!;
  const image = fields.attribute('source_image');
  if (image) {
    out.push(diagnostic(file, image.nameRange, 'from-scratch-conflict',
      'source_image cannot be used with from_scratch = true: a from-scratch build starts from a blank image. Remove one of them.'));
  }
  for (const required of ['image_size', 'pre_mount_commands']) {
    if (!fields.isSet(required)) {
      out.push(diagnostic(file, flag.range, 'from-scratch-requires',
        `from_scratch = true requires ${required}${required === 'image_size' ? ' (the size of the blank image, e.g. "2G")' : ' (commands that partition and format {{.Device}})'}.`));
    }
  }
  return out;
}

function sourceImageRules(file: string, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('source_image');
  const image = fields.string('source_image');
  if (!attribute || image === undefined) return [];
  const path = image.replace(/[?#].*$/, '');
  if (TARBALL.test(path) && !fields.isSet('image_size')) {
    return [diagnostic(file, attribute.value.range, 'tarball-needs-image-size',
      'A rootfs tarball source needs image_size: the size of the disk image to create and extract it into (e.g. "2G").')];
  }
  if (!TARBALL.test(path) && !IMAGE.test(path)) {
    return [diagnostic(file, attribute.value.range, 'unknown-source-kind',
      `The kind of source_image "${image}" is not known from its name; it is treated as a raw disk image. Expected .img/.raw, .qcow2, a compressed raw (.gz/.xz/.zst) or a tarball (.tar[.gz/.xz/.zst]).`, 'warning')];
  }
  return [];
}

function imageSizeRule(file: string, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('image_size');
  const value = fields.value('image_size');
  if (!attribute || (typeof value !== 'string' && typeof value !== 'number')) return [];
  if (parseImageSize(value) !== undefined) return [];
  return [diagnostic(file, attribute.value.range, 'invalid-image-size',
    `image_size "${value}" is not a size: write bytes or a number with K, M, G or T, e.g. "2G" or "512M".`)];
}

function partitionRules(file: string, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  const partition = fields.attribute('mount_partition');
  const value = fields.value('mount_partition');
  if (partition && (typeof value === 'string' || typeof value === 'number') && !/^\d+$/.test(String(value))) {
    out.push(diagnostic(file, partition.value.range, 'invalid-partition',
      `mount_partition must be a partition number ("1", "2", …) or "0" for the whole device; found "${value}".`));
  }
  for (const entry of listItems(fields.attribute('partition_mounts')) ?? []) {
    if (entry.type !== 'tuple' || entry.items.length !== 2) {
      out.push(diagnostic(file, entry.range, 'partition-mount-shape',
        'Each partition_mounts entry is [partition, path], e.g. ["1", "/boot/firmware"].'));
      continue;
    }
    const [numberExpr, pathExpr] = entry.items as [Expr, Expr];
    const number = staticString(numberExpr) ?? (numberExpr.type === 'literal' ? String(numberExpr.value) : undefined);
    if (number !== undefined && !/^[1-9]\d*$/.test(number)) {
      out.push(diagnostic(file, numberExpr.range, 'invalid-partition', `partition_mounts needs a partition number ("1", "2", …); found "${number}".`));
    }
    const path = staticString(pathExpr);
    if (path !== undefined && (!path.startsWith('/') || path === '/')) {
      out.push(diagnostic(file, pathExpr.range, 'partition-mount-not-absolute',
        `partition_mounts paths are absolute directories inside the root other than "/" (e.g. "/boot/firmware"); found "${path}".`));
    }
  }
  return out;
}
