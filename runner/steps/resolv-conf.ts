/**
 * arm-image's `resolv-conf`, after the chroot mounts as the plugin orders
 * it. `copy-host` writes the host's /etc/resolv.conf over the image's and
 * `delete` removes the image's: both for good, as the plugin does (the
 * artifact keeps the change; that is what the modes are for). `bind-host`
 * is a chroot mount (the planner adds it), for the build only; `off`
 * leaves the file alone.
 *
 * Unlike the plugin, a symlinked /etc/resolv.conf in the image is followed
 * inside the image (a link to /run/systemd/resolve/stub-resolv.conf leads
 * to the image's /run, never the host's), and `delete` removes the link
 * itself.
 */
import { copyFileSync, existsSync, lstatSync, rmSync } from 'node:fs';
import { imagePathOf, resolveInRoot } from '../chroot/resolve-in-root.js';
import type { BuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import type { Step } from '../multistep/step.js';
import type { ArmImageSource, PlanFor } from '../../template/index.js';

const RESOLV_CONF = '/etc/resolv.conf';

/** The resolv-conf step. */
export function resolvConfStep(): Step<BuildState<PlanFor<ArmImageSource>>> {
  return {
    name: 'resolv-conf',
    async run(state, ctx) {
      const mode = state.plan.source.resolv_conf;
      const root = state.mountPath;
      if (!root) throw new Error('resolv-conf needs the mounted image');
      if (mode === 'copy-host') {
        if (!existsSync(RESOLV_CONF)) throw new BuildError(`resolv-conf copy-host: the host has no ${RESOLV_CONF}`);
        const target = resolveInRoot(root, RESOLV_CONF);
        if (lstatOrUndefined(target)?.isDirectory())
          throw new BuildError(`resolv-conf copy-host: ${RESOLV_CONF} is a directory in the image`);
        ctx.ui.say(`Copying the host's ${RESOLV_CONF} into the image (resolv-conf copy-host)...`);
        try {
          copyFileSync(RESOLV_CONF, target);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          throw new BuildError(
            `resolv-conf copy-host: the image's ${RESOLV_CONF} leads to ${imagePathOf(root, target)}, whose directory the image does not have (a link into /run?); use resolv-conf = "bind-host" to bind the host's file for the build only`,
          );
        }
      } else if (mode === 'delete') {
        const target = resolveInRoot(root, RESOLV_CONF, { followFinal: false });
        const st = lstatOrUndefined(target);
        if (!st) {
          ctx.ui.message(`resolv-conf delete: the image has no ${RESOLV_CONF}`);
          return;
        }
        if (st.isDirectory()) throw new BuildError(`resolv-conf delete: ${RESOLV_CONF} is a directory in the image`);
        ctx.ui.say(`Deleting the image's ${RESOLV_CONF} (resolv-conf delete)...`);
        rmSync(target);
      }
    },
  };
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
