/**
 * What all provisioners share: only/except by build name, pause_before,
 * max_retries and timeout; then the provisioner of its type.
 */
import { BuildError } from '../multistep/errors.js';
import type { ProvisionerPlan } from '../../template/index.js';
import { runAnsibleLocalProvisioner } from './ansible-local.js';
import { runAnsibleProvisioner } from './ansible.js';
import { runFileProvisioner } from './file.js';
import type { ProvisionerContext } from './provisioner-context.js';
import { runShellLocalProvisioner } from './shell-local.js';
import { runShellProvisioner } from './shell.js';

/** Whether `p` runs for this build: `only`/`except` name `chroot.NAME` (HCL) or `NAME` (JSON). */
export function isSelected(p: ProvisionerPlan, buildName: string, sourceName: string): boolean {
  const matches = (names: string[]): boolean => names.some((n) => n === buildName || n === sourceName);
  if (p.only && p.only.length > 0 && !matches(p.only)) return false;
  if (p.except && matches(p.except)) return false;
  return true;
}

/** Runs `p` with its common options. */
export async function runProvisioner(p: ProvisionerPlan, ctx: ProvisionerContext): Promise<void> {
  if (!isSelected(p, ctx.buildName, ctx.sourceName)) {
    ctx.ui.message(`Skipping ${p.type} provisioner (only/except)`);
    return;
  }
  if (p.pause_before) {
    ctx.ui.say(`Pausing ${(p.pause_before / 1000).toFixed(1)}s before the next provisioner...`);
    await sleep(p.pause_before, ctx.signal);
  }
  const attempts = 1 + Math.max(0, p.max_retries ?? 0);
  for (let attempt = 1; ; attempt++) {
    const timeout = p.timeout ? AbortSignal.timeout(p.timeout) : undefined;
    const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
    try {
      await runOnce(p, { ...ctx, signal });
      return;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const error = timeout?.aborted
        ? new BuildError(`${p.type} provisioner timed out after ${(p.timeout! / 1000).toFixed(1)}s`)
        : err;
      if (attempt >= attempts) throw error;
      ctx.ui.error(`Provisioner failed (attempt ${attempt} of ${attempts}): ${(error as Error).message}; retrying`);
    }
  }
}

function runOnce(p: ProvisionerPlan, ctx: ProvisionerContext): Promise<void> {
  switch (p.type) {
    case 'shell':
      return runShellProvisioner(p, ctx);
    case 'file':
      return runFileProvisioner(p, ctx);
    case 'shell-local':
      return runShellLocalProvisioner(p, ctx);
    case 'ansible':
      return runAnsibleProvisioner(p, ctx);
    case 'ansible-local':
      return runAnsibleLocalProvisioner(p, ctx);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
