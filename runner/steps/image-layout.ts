/**
 * Which partitions of the image a build uses and where each is mounted, per
 * builder: the one answer the attach, mount and artifact steps share.
 *
 * - chroot: mount_partition at the root, then partition_mounts in order.
 * - arm: each image_partitions entry with a mountpoint (partition N is the
 *   Nth entry), in order of the mountpoints (`/` before `/boot`), with
 *   `-o discard` as the plugin mounts them.
 * - arm-image: the Nth partition of the image's table at the Nth
 *   image_mounts entry ("" leaves it unmounted), in order of the
 *   mountpoints; the image must have exactly one partition per entry.
 */
import type { ArmImageSource, ArmSource, SourcePlan } from '../../template/index.js';
import { readPartitionTable } from '../loop/partition-table.js';
import { BuildError } from '../multistep/errors.js';

/** A partition mounted for the build. */
export interface PartitionMount {
  /** "1", "2", … as in /dev/loop3p2; "0" = the whole device. */
  partition: string;
  /** Where inside the image root ("/" = the root itself). */
  path: string;
  /** `mount -o` options. */
  options: string[];
  /** The template field it comes from (for messages). */
  field: string;
}

/** The mounts of the image at `image` (a raw file), in mount order. */
export async function partitionMounts(
  source: SourcePlan,
  image: string,
  signal?: AbortSignal,
): Promise<PartitionMount[]> {
  switch (source.type) {
    case 'chroot':
      return [
        { partition: source.mount_partition, path: '/', options: source.mount_options, field: 'mount_partition' },
        ...source.partition_mounts.map(([partition, path]) => ({
          partition,
          path,
          options: [],
          field: 'partition_mounts',
        })),
      ];
    case 'arm':
      return armMounts(source);
    case 'arm-image':
      return armImageMounts(source, image, signal);
  }
}

/** The partitions to attach before anything is mounted (all of them when `new` formats them). */
export async function partitionsToAttach(source: SourcePlan, image: string, signal?: AbortSignal): Promise<string[]> {
  // A from_scratch image has no partitions until pre_mount_commands make them.
  if (source.type === 'chroot' && source.from_scratch) return [];
  if (source.type === 'arm' && source.image_build_method === 'new')
    return source.image_partitions.map((_, i) => String(i + 1));
  return (await partitionMounts(source, image, signal)).map((m) => m.partition);
}

/**
 * The mounts an archive artifact is made of: the image's own partitions,
 * except for arm's `.gz`, which is the root file system alone.
 */
export async function artifactMounts(
  source: SourcePlan,
  image: string,
  signal?: AbortSignal,
): Promise<PartitionMount[]> {
  const mounts = await partitionMounts(source, image, signal);
  return source.type === 'arm' && source.archive_root_only ? mounts.filter((m) => isRootPath(m.path)) : mounts;
}

/** Whether an image path names the root itself (`/`, `//`, `/.`). */
export function isRootPath(path: string): boolean {
  return path.split('/').every((c) => c === '' || c === '.');
}

function armMounts(source: ArmSource): PartitionMount[] {
  return sortedByPath(
    source.image_partitions.flatMap((p, i) =>
      p.mountpoint === ''
        ? []
        : [{ partition: String(i + 1), path: p.mountpoint, options: ['discard'], field: `image_partitions[${i}]` }],
    ),
  );
}

async function armImageMounts(source: ArmImageSource, image: string, signal?: AbortSignal): Promise<PartitionMount[]> {
  const table = await readPartitionTable(image, signal);
  const wanted = source.image_mounts;
  if (table.length !== wanted.length) {
    const found =
      table.length === 0
        ? 'no partition table'
        : `${table.length} partition(s) (${table.map((p) => p.number).join(', ')})`;
    throw new BuildError(
      `error different of partitions than expected: the image has ${found}, image_mounts lists ${wanted.length} (${JSON.stringify(wanted)}). arm-image mounts the Nth partition at the Nth entry; give one entry per partition ("" leaves one unmounted)`,
    );
  }
  return sortedByPath(
    table.flatMap((p, i) =>
      wanted[i] === '' ? [] : [{ partition: p.number, path: wanted[i]!, options: [], field: `image_mounts[${i}]` }],
    ),
  );
}

/** A stable sort by mountpoint, as the plugins sort them (a parent before what is mounted in it). */
function sortedByPath(mounts: PartitionMount[]): PartitionMount[] {
  return [...mounts].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
