/** The partition table of an image file, read with `sfdisk --json`. */
import { runProcess } from '../process/run-process.js';

/** One partition, in bytes. */
export interface PartitionExtent {
  /** "1", "2", … as in `/dev/loop3p2`. */
  number: string;
  startBytes: number;
  sizeBytes: number;
}

/** Partitions of `imageFile`; empty when it has no partition table. */
export async function readPartitionTable(imageFile: string, signal?: AbortSignal): Promise<PartitionExtent[]> {
  const result = await runProcess('sfdisk', ['--json', imageFile], { signal });
  if (result.exitCode !== 0 || !result.stdout.trim()) return [];
  const table = (
    JSON.parse(result.stdout) as {
      partitiontable?: { sectorsize?: number; partitions?: Array<{ node: string; start: number; size: number }> };
    }
  ).partitiontable;
  const sector = table?.sectorsize ?? 512;
  return (table?.partitions ?? []).map((p) => ({
    number: /(\d+)$/.exec(p.node)?.[1] ?? '',
    startBytes: p.start * sector,
    sizeBytes: p.size * sector,
  }));
}
