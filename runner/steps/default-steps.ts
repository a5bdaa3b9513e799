/**
 * The steps of a build, by builder, in the order docs/design.md lists them.
 * The chroot builder's 16; the arm builders share the loop device, the
 * mounts, safe apt, qemu, the provisioners, early cleanup and the artifact,
 * and have their own steps for the download and the working image, in
 * packer-builder-arm's and packer-plugin-arm-image's own orders.
 */
import type { ArmImageSource, ArmSource, BuildPlan } from '../../template/index.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { artifactStep } from './artifact.js';
import { attachLoopDeviceStep } from './attach-loop-device.js';
import { chrootMountsStep } from './chroot-mounts.js';
import { copyFilesStep } from './copy-files.js';
import { createImageStep } from './create-image.js';
import { downloadStep } from './download.js';
import { earlyCleanupStep } from './early-cleanup.js';
import { fetchSourceStep, type FetchSource } from './fetch-source.js';
import { postMountCommandsStep, preMountCommandsStep, preUnmountCommandsStep } from './host-commands.js';
import { mkfsPartitionsStep } from './mkfs-partitions.js';
import { mountRootStep } from './mount-root.js';
import { populateRootStep } from './populate-root.js';
import { preventServiceStartsStep } from './prevent-service-starts.js';
import { postProcessorsStep, type RunPostProcessors } from './post-processors.js';
import { provisionStep } from './provision.js';
import { qemuSetupStep } from './qemu-setup.js';
import { resizeImageStep } from './resize-image.js';
import { resolvConfStep } from './resolv-conf.js';
import { setupExtraStep } from './setup-extra.js';
import { unarchiveImageStep } from './unarchive-image.js';
import { validateStep, type TemplateCheck } from './validate.js';
import { workingImageStep } from './working-image.js';

/** Functions of other parts a build may be given. */
export interface StepHooks {
  /** Template validation (the CLI passes the analysis' errors). */
  validate?: TemplateCheck;
  /** Replaces runner/image's source fetcher (chroot builds). */
  fetchSource?: FetchSource;
  /** Replaces runner/post-processors. */
  runPostProcessors?: RunPostProcessors;
}

/**
 * A fresh sequence for `plan`'s builder (chroot when no plan is given).
 * Steps keep per-build state: do not reuse a sequence across builds.
 */
export function defaultSteps(hooks: StepHooks = {}, plan?: BuildPlan): Array<Step<BuildState>> {
  const source = plan?.source;
  if (source?.type === 'arm') return armSteps(hooks, source);
  if (source?.type === 'arm-image') return armImageSteps(hooks, source);
  return chrootSteps(hooks);
}

/** The chroot builder's 16 steps. */
function chrootSteps(hooks: StepHooks): Array<Step<BuildState>> {
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

/**
 * packer-builder-arm's order: download; `new` creates and partitions an
 * image, formats it once attached and unpacks the rootfs once mounted;
 * `reuse` unpacks the image; `resize` also grows it; then
 * image_setup_extra, the chroot mounts, qemu, the provisioners.
 */
function armSteps(hooks: StepHooks, source: ArmSource): Array<Step<BuildState>> {
  const fresh = source.image_build_method === 'new';
  return [
    validateStep(hooks.validate),
    downloadStep(),
    ...(fresh ? [createImageStep()] : [unarchiveImageStep()]),
    ...(source.image_build_method === 'resize' ? [resizeImageStep()] : []),
    attachLoopDeviceStep(),
    ...(fresh ? [mkfsPartitionsStep()] : []),
    mountRootStep(),
    ...(fresh ? [populateRootStep()] : []),
    setupExtraStep(),
    chrootMountsStep(),
    preventServiceStartsStep(),
    qemuSetupStep(),
    provisionStep(),
    earlyCleanupStep(),
    artifactStep(),
    postProcessorsStep(hooks.runPostProcessors),
  ];
}

/** packer-plugin-arm-image's order: download, unpack, grow, mount, chroot mounts, resolv-conf, qemu, provisioners. */
function armImageSteps(hooks: StepHooks, source: ArmImageSource): Array<Step<BuildState>> {
  const grows = source.target_image_size !== undefined || source.last_partition_extra_size !== undefined;
  return [
    validateStep(hooks.validate),
    downloadStep(),
    unarchiveImageStep(),
    ...(grows ? [resizeImageStep()] : []),
    attachLoopDeviceStep(),
    mountRootStep(),
    chrootMountsStep(),
    resolvConfStep(),
    preventServiceStartsStep(),
    qemuSetupStep(),
    provisionStep(),
    earlyCleanupStep(),
    artifactStep(),
    postProcessorsStep(hooks.runPostProcessors),
  ];
}
