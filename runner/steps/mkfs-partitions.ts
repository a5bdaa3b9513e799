/**
 * arm's `new` method, once the image is on a loop device: a file system on
 * every partition, `mkfs.<filesystem> [filesystem_make_options…] DEVICE`, as
 * the plugin's StepMkfsImage runs it. DEVICE is the partition node, or the
 * offset loop device standing in for it where no node appeared (a
 * container, the losetup -P race).
 */
import { runTool } from '../image/tool.js';
import { ensurePartitions } from '../loop/attach.js';
import type { ArmBuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';

/** The mkfs-partitions step (its undoing is the working image's removal). */
export function mkfsPartitionsStep(): Step<ArmBuildState> {
  return {
    name: 'mkfs-partitions',
    async run(state, ctx) {
      const { loop, workingImage } = state;
      if (!loop || !workingImage) throw new Error('mkfs-partitions needs an attached loop device');
      const partitions = state.plan.source.image_partitions;
      await ensurePartitions(loop, workingImage, {
        needed: partitions.map((_, i) => String(i + 1)),
        signal: ctx.signal,
        log: (l) => ctx.ui.message(l),
      });
      ctx.ui.say('Making the file systems...');
      for (const [i, p] of partitions.entries()) {
        const device = loop.partitions.get(String(i + 1))!;
        const argv = [`mkfs.${p.filesystem}`, ...p.filesystem_make_options, device];
        ctx.ui.message(`creating partition #${i + 1}: ${argv.join(' ')}`);
        await runTool(argv[0]!, argv.slice(1), { signal: ctx.signal });
      }
    },
  };
}
