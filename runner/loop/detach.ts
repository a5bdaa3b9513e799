/** Detaching loop devices, found by the file behind them. */
import { readdirSync, readFileSync } from 'node:fs';
import { runProcess } from '../process/run-process.js';

/**
 * Loop devices currently backed by `backingFile`, compared by exact path
 * (also when the file was deleted meanwhile, which `losetup -j` cannot find).
 * Read from sysfs, where `losetup --list` reads it too, without a process;
 * `losetup --list` only when sysfs cannot be read.
 */
export async function loopDevicesBackedBy(backingFile: string): Promise<string[]> {
  const fromSysfs = loopBackingFiles();
  const devices = fromSysfs ?? (await loopBackingFilesFromLosetup());
  return devices.filter((d) => d.backingFile.replace(/ \(deleted\)$/, '') === backingFile).map((d) => d.name);
}

interface LoopBacking {
  name: string;
  backingFile: string;
}

/** Attached loop devices and their backing files from /sys/block; undefined when sysfs is unreadable. */
function loopBackingFiles(): LoopBacking[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/sys/block').filter((n) => /^loop\d+$/.test(n));
  } catch {
    return undefined;
  }
  const devices: LoopBacking[] = [];
  for (const name of names) {
    try {
      // Absent for a free device; one line, the path as this namespace sees it.
      devices.push({
        name: `/dev/${name}`,
        backingFile: readFileSync(`/sys/block/${name}/loop/backing_file`, 'utf8').replace(/\n$/, ''),
      });
    } catch {
      // Free, or detached meanwhile.
    }
  }
  return devices;
}

async function loopBackingFilesFromLosetup(): Promise<LoopBacking[]> {
  const result = await runProcess('losetup', ['--list', '--json', '--output', 'NAME,BACK-FILE']);
  if (result.exitCode !== 0 || !result.stdout.trim()) return [];
  const parsed = JSON.parse(result.stdout) as { loopdevices?: Array<{ name: string; 'back-file': string | null }> };
  return (parsed.loopdevices ?? []).map((d) => ({ name: d.name, backingFile: d['back-file'] ?? '' }));
}

/** Detaches `device` if it is still attached; ignores an already-free device. */
export async function detachLoop(device: string): Promise<void> {
  const result = await runProcess('losetup', ['--detach', device]);
  if (
    result.exitCode !== 0 &&
    !/No such device|No such device or address|not a loop device|ENXIO/i.test(result.stderr)
  ) {
    // losetup says "failed to use device" for an already-detached one on some versions.
    const still = await runProcess('losetup', [device]);
    if (still.exitCode === 0) throw new Error(`losetup --detach ${device} failed: ${result.stderr.trim()}`);
  }
}

/** Detaches every loop device backed by `backingFile`. */
export async function detachLoopsBackedBy(backingFile: string): Promise<void> {
  for (const device of await loopDevicesBackedBy(backingFile)) await detachLoop(device);
}
