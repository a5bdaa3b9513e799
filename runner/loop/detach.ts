/** Detaching loop devices, found by the file behind them. */
import { runProcess } from '../process/run-process.js';

/**
 * Loop devices currently backed by `backingFile`, compared by exact path
 * (also when the file was deleted meanwhile, which `losetup -j` cannot find).
 */
export async function loopDevicesBackedBy(backingFile: string): Promise<string[]> {
  const result = await runProcess('losetup', ['--list', '--json', '--output', 'NAME,BACK-FILE']);
  if (result.exitCode !== 0 || !result.stdout.trim()) return [];
  const parsed = JSON.parse(result.stdout) as { loopdevices?: Array<{ name: string; 'back-file': string | null }> };
  return (parsed.loopdevices ?? [])
    .filter((d) => (d['back-file'] ?? '').replace(/ \(deleted\)$/, '') === backingFile)
    .map((d) => d.name);
}

/** Detaches `device` if it is still attached; ignores an already-free device. */
export async function detachLoop(device: string): Promise<void> {
  const result = await runProcess('losetup', ['--detach', device]);
  if (result.exitCode !== 0 && !/No such device|No such device or address|not a loop device|ENXIO/i.test(result.stderr)) {
    // losetup says "failed to use device" for an already-detached one on some versions.
    const still = await runProcess('losetup', [device]);
    if (still.exitCode === 0) throw new Error(`losetup --detach ${device} failed: ${result.stderr.trim()}`);
  }
}

/** Detaches every loop device backed by `backingFile`. */
export async function detachLoopsBackedBy(backingFile: string): Promise<void> {
  for (const device of await loopDevicesBackedBy(backingFile)) await detachLoop(device);
}
