/**
 * Attaching an image to loop devices, with its partitions reachable.
 *
 * On this kind of kernel `losetup --partscan` does not always create the
 * partition nodes, and in containers without udev they may never appear. So:
 * partscan; then `partx -a`; then poll the nodes (no udev to wait on); and
 * when they are still missing, one offset loop device per needed partition.
 *
 * Two builds attaching at once (in one process or several, or another tool
 * using loop devices) must never get the same device. `losetup --find`
 * takes the kernel's allocation (LOOP_CTL_GET_FREE, then LOOP_CONFIGURE,
 * which fails with EBUSY if someone bound the device in between, and
 * util-linux then asks again); chrootforge's builds also take a flock
 * around it, and retry themselves when a losetup still reports the device
 * busy (older util-linux, other tools racing).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { runProcess, runTool } from '../process/run-process.js';
import { withPrivilegeHint } from '../preflight.js';
import { readPartitionTable } from './partition-table.js';

/** A host-wide lock file shared by every chrootforge process. */
export const LOOP_LOCK_FILE = '/run/lock/chrootforge-loop.lock';

/** Where partitions ended up. */
export interface LoopAttachment {
  device: string;
  partitions: Map<string, string>;
  /** Offset loop devices made as the last resort. */
  extraDevices: string[];
}

export interface AttachOptions {
  signal?: AbortSignal;
  /** Partition numbers the build needs ("0" = the whole device needs none). */
  needed: string[];
  /** Told how partitions were reached (partscan, partx, offset). */
  log?: (text: string) => void;
  /** How long to poll for partition nodes after each attempt. */
  nodeTimeoutMs?: number;
}

/** Attempts at a losetup that found its free device taken meanwhile. */
const BUSY_ATTEMPTS = 8;

/** Runs `losetup ARGS` holding the loop lock; returns the device it printed. */
async function lockedLosetup(args: string[], signal?: AbortSignal): Promise<string> {
  mkdirSync('/run/lock', { recursive: true });
  for (let attempt = 1; ; attempt++) {
    let out: string;
    try {
      out = await runTool('flock', ['--timeout', '60', LOOP_LOCK_FILE, 'losetup', ...args], { signal });
    } catch (err) {
      if (attempt < BUSY_ATTEMPTS && isBusy(err) && !signal?.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        continue;
      }
      throw withPrivilegeHint(err);
    }
    const device = out.trim().split('\n').pop() ?? '';
    if (!device.startsWith('/dev/')) throw new Error(`losetup printed no device: ${out.trim()}`);
    return device;
  }
}

/** losetup's EBUSY/EAGAIN: the free device it chose was bound by someone else first. */
function isBusy(err: unknown): boolean {
  return /Device or resource busy|Resource temporarily unavailable/.test((err as Error).message ?? '');
}

/** Attaches `image` with --partscan. The caller journals `image` first. */
export async function attachImage(image: string, options: AttachOptions): Promise<LoopAttachment> {
  const device = await lockedLosetup(['--find', '--show', '--partscan', image], options.signal);
  const attachment: LoopAttachment = { device, partitions: new Map(), extraDevices: [] };
  await ensurePartitions(attachment, image, options);
  return attachment;
}

/**
 * Makes the partitions in `options.needed` reachable as block devices and
 * records them in `attachment` (also called after pre_mount_commands
 * partitioned a from_scratch image). Offset loop devices it makes are
 * backed by `image` too, so the journal entry of `image` covers them.
 */
export async function ensurePartitions(
  attachment: LoopAttachment,
  image: string,
  options: AttachOptions,
): Promise<void> {
  const log = options.log ?? (() => undefined);
  const { device } = attachment;
  const needed = options.needed.filter((n) => n !== '0' && !attachment.partitions.has(n));
  if (needed.length === 0) return;
  const timeout = options.nodeTimeoutMs ?? 2000;
  // When the kernel registered the partitions (sysfs lists them), their
  // nodes follow in devtmpfs: wait for them. When it did not (partscan
  // missed them on this kind of kernel), ask partx at once.
  if (!needed.every((n) => kernelHasPartition(device, n))) {
    log(`partition nodes of ${device} missing after --partscan; running partx -a`);
    // partx fails when some partitions already exist; the poll decides.
    await runProcess('partx', ['--add', device], { signal: options.signal });
  }
  await waitForNodes(device, needed, timeout);
  // The table is read only when an offset loop device must stand in.
  let table: Awaited<ReturnType<typeof readPartitionTable>> | undefined;
  for (const number of needed) {
    const node = partitionNode(device, number);
    if (isBlockDevice(node)) {
      attachment.partitions.set(number, node);
      continue;
    }
    table ??= await readPartitionTable(image, options.signal);
    const extent = table.find((p) => p.number === number);
    if (!extent)
      throw new Error(
        `the image has no partition ${number} (partitions: ${table.map((p) => p.number).join(', ') || 'none'})`,
      );
    log(`partition node ${node} never appeared; using an offset loop device for partition ${number}`);
    const extra = await lockedLosetup(
      ['--find', '--show', '--offset', String(extent.startBytes), '--sizelimit', String(extent.sizeBytes), image],
      options.signal,
    );
    attachment.extraDevices.push(extra);
    attachment.partitions.set(number, extra);
  }
}

/** Whether the kernel knows partition `number` of `device` (/sys/class/block/loop3p2). */
function kernelHasPartition(device: string, number: string): boolean {
  return existsSync(`/sys/class/block/${partitionNode(device, number).slice('/dev/'.length)}`);
}

/** `/dev/loop3` + "1" → `/dev/loop3p1`. */
export function partitionNode(device: string, number: string): string {
  return /\d$/.test(device) ? `${device}p${number}` : `${device}${number}`;
}

async function waitForNodes(device: string, needed: string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (needed.every((n) => isBlockDevice(partitionNode(device, n)))) return true;
    if (Date.now() >= deadline) return false;
    // devtmpfs makes a node within a millisecond or two of the kernel's uevent.
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

function isBlockDevice(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isBlockDevice();
  } catch {
    return false;
  }
}
