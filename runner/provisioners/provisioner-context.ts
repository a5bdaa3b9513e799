/** What every provisioner runs with. */
import type { ChrootCommunicator } from '../communicator/chroot-communicator.js';
import type { Ui } from '../ui/ui.js';

export interface ProvisionerContext {
  comm: ChrootCommunicator;
  ui: Ui;
  /** Aborts on interruption or on the provisioner's timeout. */
  signal: AbortSignal;
  /** `chroot.NAME`. */
  buildName: string;
  /** The source's name (`NAME`): JSON templates' only/except use it. */
  sourceName: string;
  /** Shared build data for host-side templates: `MountPath`, `Device`. */
  data: Record<string, string>;
  /** Resolves relative host paths. */
  templateDir: string;
}

/** The builder type of the build, `chroot` in `chroot.NAME` (Packer's packer_builder_type). */
export function builderTypeOf(ctx: ProvisionerContext): string {
  const dot = ctx.buildName.indexOf('.');
  return dot > 0 ? ctx.buildName.slice(0, dot) : ctx.buildName;
}
