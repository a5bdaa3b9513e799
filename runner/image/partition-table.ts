/**
 * The partition table of an image file, as sfdisk reads it (msdos or gpt),
 * and the ext2/3/4 superblock test used to decide what can be grown.
 */
import { open } from 'node:fs/promises';
import { runTool } from './tool.js';

/** One partition; byte offsets are computed from sectors. */
export interface Partition {
  /** Partition number as in `/dev/loop0pN`. */
  number: number;
  startSector: number;
  sizeSectors: number;
  /** msdos type byte (`83`) or GPT type GUID. */
  type: string;
}

/** A table read by sfdisk. */
export interface PartitionTable {
  label: 'dos' | 'gpt' | string;
  sectorSize: number;
  partitions: Partition[];
}

interface SfdiskJson {
  partitiontable: {
    label: string;
    device: string;
    sectorsize?: number;
    partitions?: Array<{ node: string; start: number; size: number; type: string }>;
  };
}

/** Reads the table of `image`; undefined when the image has none. */
export async function readPartitionTable(image: string, signal?: AbortSignal): Promise<PartitionTable | undefined> {
  let text: string;
  try {
    text = await runTool('sfdisk', ['--json', '--', image], { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    // sfdisk fails with "does not contain a recognized partition table".
    return undefined;
  }
  const table = (JSON.parse(text) as SfdiskJson).partitiontable;
  const partitions = (table.partitions ?? []).map((p) => ({
    // The node is the device name plus the number ("img1", "loop0p1").
    number: Number(/(\d+)$/.exec(p.node.slice(table.device.length))?.[1] ?? NaN),
    startSector: p.start,
    sizeSectors: p.size,
    type: p.type,
  }));
  return { label: table.label, sectorSize: table.sectorsize ?? 512, partitions };
}

/** msdos types of extended partitions (containers of logical ones). */
export const EXTENDED_TYPES = new Set(['5', 'f', '85']);

/** True when an ext2/3/4 superblock starts `offset` bytes into `image`. */
export async function hasExtSuperblock(image: string, offset: number): Promise<boolean> {
  const fh = await open(image, 'r');
  try {
    const magic = Buffer.alloc(2);
    // The superblock starts 1024 bytes in; s_magic is at byte 56 of it.
    const { bytesRead } = await fh.read(magic, 0, 2, offset + 1024 + 56);
    return bytesRead === 2 && magic.readUInt16LE(0) === 0xef53;
  } finally {
    await fh.close();
  }
}
