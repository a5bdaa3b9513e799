/**
 * qemu-img conversions (a qcow2 source to the raw working image, the raw
 * working image to a qcow2 artifact) with progress: `qemu-img convert -p`
 * prints `(45.00/100%)` as it goes, read here as that share of the image's
 * size.
 */
import { open, stat } from 'node:fs/promises';
import { withProgress, type StartProgress } from '../ui/progress.js';
import { runTool } from './tool.js';

/** Options of {@link convertImage}. */
export interface ConvertOptions {
  signal?: AbortSignal;
  progress?: StartProgress;
  /** The progress line's words. */
  task: string;
  /** Bytes the percentages are of (the virtual disk size); default the input file's size. */
  total?: number;
}

/** Converts `from` (format `fromFormat`) into `to` (`toFormat`). */
export async function convertImage(
  fromFormat: 'raw' | 'qcow2',
  toFormat: 'raw' | 'qcow2',
  from: string,
  to: string,
  options: ConvertOptions,
): Promise<void> {
  const total = options.total ?? (await stat(from)).size;
  await withProgress(options.progress, options.task, total, async (progress) => {
    // Not `-q`: it turns `-p` off. Errors go to stderr either way.
    await runTool('qemu-img', ['convert', '-p', '-f', fromFormat, '-O', toFormat, from, to], {
      signal: options.signal,
      stdout: (text) => {
        const percents = [...text.matchAll(/\((\d+(?:\.\d+)?)\/100%\)/g)];
        const last = percents.at(-1);
        if (last) progress.update((Number(last[1]) / 100) * total);
      },
    });
  });
}

/** The virtual disk size in a qcow2 header (big-endian u64 at byte 24, after the magic `QFI\xfb`). */
export async function qcow2VirtualSize(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(32);
    const { bytesRead } = await handle.read(header, 0, 32, 0);
    if (bytesRead < 32 || header.readUInt32BE(0) !== 0x514649fb) return undefined;
    return Number(header.readBigUInt64BE(24));
  } finally {
    await handle.close();
  }
}
