/** Step 12: the provisioners, in template order, through the chroot communicator. */
import { ChrootCommunicator } from '../communicator/chroot-communicator.js';
import type { BuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import { missingProvisionerFiles } from '../provisioners/missing-files.js';
import type { Step } from '../multistep/step.js';
import { runProvisioner } from '../provisioners/run-provisioner.js';

/** The provision step. */
export function provisionStep(): Step<BuildState> {
  return {
    name: 'provision',
    async run(state, ctx) {
      const { plan } = state;
      const root = state.mountPath;
      if (!root) throw new Error('provision needs the mounted root');
      const missing = missingProvisionerFiles(plan.provisioners, plan.templateDir);
      if (missing.length > 0) throw new BuildError(missing.join('\n'));
      const comm = new ChrootCommunicator(root, plan.source.command_wrapper, plan.source.chroot_env);
      for (const p of plan.provisioners) {
        await runProvisioner(p, {
          comm,
          ui: ctx.ui,
          signal: ctx.signal,
          buildName: plan.buildName,
          sourceName: plan.source.name,
          data: { MountPath: root, Device: state.device ?? '' },
          templateDir: plan.templateDir,
        });
      }
    },
  };
}
