/**
 * Step 10: no service starts while a Debian-like image is
 * provisioned. Debian's maintainer scripts start services through
 * invoke-rc.d and deb-systemd-invoke, and both ask /usr/sbin/policy-rc.d
 * first: exit status 101 means "not allowed". Without it, `apt-get install
 * openssh-server` in a chroot starts sshd on the build host, inside the
 * image's mounts. The image's own policy-rc.d, if any, is set aside and
 * restored like a copied file (journaled, so `chrootforge cleanup` restores
 * it after a SIGKILL). Images without /etc/debian_version are left alone;
 * `prevent_service_starts = false` turns the step off.
 */
import { lstatSync } from 'node:fs';
import { performWrite, planReplacement } from '../chroot/saved-files.js';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { restoreFiles } from './teardown.js';

const NAME = 'prevent-service-starts';

/** Where invoke-rc.d and deb-systemd-invoke look (Debian Policy 9.3.3). */
export const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/** Denies every action: 101 is "action not allowed" to invoke-rc.d. */
export const DENY_ALL_POLICY = `#!/bin/sh
# Put in place by chrootforge for the length of a build: no service starts
# inside the chroot. Removed (and any original restored) when the build ends.
exit 101
`;

/** Whether the image under `root` is Debian-like (has /etc/debian_version). */
export function isDebianLike(root: string): boolean {
  try {
    return lstatSync(resolveInRoot(root, '/etc/debian_version')).isFile();
  } catch {
    return false;
  }
}

/** The prevent-service-starts step. */
export function preventServiceStartsStep(): Step<BuildState> {
  return {
    name: NAME,
    async run(state, ctx) {
      const root = state.mountPath;
      if (!root) throw new Error('prevent-service-starts needs the mounted root');
      if (!state.plan.source.prevent_service_starts || !isDebianLike(root)) return;
      ctx.ui.say(`Preventing service starts in the chroot (${POLICY_RC_D} exits 101)...`);
      const record = { ...planReplacement(root, POLICY_RC_D, state.buildId, ctx.journal), owner: NAME };
      // Listed before anything moves, so an interruption is undone too.
      state.savedFiles.push(record);
      if (record.backupPath) ctx.ui.message(`The image's own ${POLICY_RC_D} is set aside until the build ends`);
      performWrite(record, DENY_ALL_POLICY, 0o755);
    },
    async cleanup(state, ctx) {
      await restoreFiles(state, ctx, NAME);
    },
  };
}
