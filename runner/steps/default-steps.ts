/** The 16 steps of a chroot build, in the order docs/design.md lists them. */
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { artifactStep } from './artifact.js';
import { attachLoopDeviceStep } from './attach-loop-device.js';
import { chrootMountsStep } from './chroot-mounts.js';
import { copyFilesStep } from './copy-files.js';
import { earlyCleanupStep } from './early-cleanup.js';
import { fetchSourceStep, type FetchSource } from './fetch-source.js';
import { postMountCommandsStep, preMountCommandsStep, preUnmountCommandsStep } from './host-commands.js';
import { mountRootStep } from './mount-root.js';
import { preventServiceStartsStep } from './prevent-service-starts.js';
import { postProcessorsStep, type RunPostProcessors } from './post-processors.js';
import { provisionStep } from './provision.js';
import { qemuSetupStep } from './qemu-setup.js';
import { validateStep, type TemplateCheck } from './validate.js';
import { workingImageStep } from './working-image.js';

/** Functions of other parts a build may be given. */
export interface StepHooks {
  /** Template validation (the CLI passes the analysis' errors). */
  validate?: TemplateCheck;
  /** Replaces runner/image's source fetcher. */
  fetchSource?: FetchSource;
  /** Replaces runner/post-processors. */
  runPostProcessors?: RunPostProcessors;
}

/** A fresh sequence (steps keep per-build state; do not reuse across builds). */
export function defaultSteps(hooks: StepHooks = {}): Array<Step<BuildState>> {
  return [
    validateStep(hooks.validate),
    fetchSourceStep(hooks.fetchSource),
    workingImageStep(),
    attachLoopDeviceStep(),
    preMountCommandsStep(),
    mountRootStep(),
    postMountCommandsStep(),
    chrootMountsStep(),
    copyFilesStep(),
    preventServiceStartsStep(),
    qemuSetupStep(),
    provisionStep(),
    preUnmountCommandsStep(),
    earlyCleanupStep(),
    artifactStep(),
    postProcessorsStep(hooks.runPostProcessors),
  ];
}
