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
