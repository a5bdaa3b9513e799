/**
 * chrootforge as a library: the pieces of a chroot build, for tools that
 * assemble their own sequence (as builder authors compose Packer's SDK
 * chroot package).
 *
 * - {@link runBuild} runs the whole default sequence of a {@link BuildPlan};
 *   {@link runBuilds} runs several at once, as `chrootforge build` does.
 * - {@link runSteps} runs any sequence of {@link Step}s over a
 *   {@link BuildState}, cleanups LIFO on success, failure and interruption.
 * - Each step factory (`attachLoopDeviceStep()`, `mountRootStep()`, …) is
 *   exported, as are the {@link ChrootCommunicator}, {@link runLocalCommands}
 *   and {@link resolveInRoot}.
 *
 * @packageDocumentation
 */
export type {
  BuildPlan,
  ChrootSource,
  ProvisionerPlan,
  ShellProvisioner,
  FileProvisioner,
  ShellLocalProvisioner,
  PostProcessorPlan,
  OutputFormat,
} from '../template/index.js';

export { runBuild, type RunBuildOptions, type BuildResult } from './build.js';
export {
  runBuilds,
  buildClashes,
  type RunBuildsOptions,
  type RunBuildsResult,
  type BuildOutcome,
} from './parallel-builds.js';
export {
  runSteps,
  type StepTiming,
  type OnError,
  type RunStepsOptions,
  type RunStepsResult,
} from './multistep/run-steps.js';
export type { Step, StepContext } from './multistep/step.js';
export {
  newBuildState,
  type BuildState,
  type MountRecord,
  type LoopRecord,
  type SavedFileRecord,
} from './multistep/build-state.js';
export { BuildError, BuildAborted } from './multistep/errors.js';
export { abortOnSignals } from './multistep/signals.js';

export { Journal, defaultStateDir, journalDir } from './journal/journal.js';
export type { Resource, JournalLine } from './journal/entries.js';
export { recoverAll, recoverJournal, type RecoveryReport } from './journal/recover.js';

export { ChrootCommunicator, type StartOptions } from './communicator/chroot-communicator.js';
export { runLocalCommands, type LocalCommandOptions } from './process/local-commands.js';
export { runProcess, type ProcessOptions, type ProcessResult } from './process/run-process.js';
export { shellQuote } from './process/shell-quote.js';
export { resolveInRoot, type ResolveOptions } from './chroot/resolve-in-root.js';
export { killProcessesRootedIn, processesRootedIn } from './chroot/kill-chroot-processes.js';
export { readMounts, parseMountinfo, isMountPoint, type MountInfo } from './chroot/mountinfo.js';
export { attachImage, ensurePartitions, type LoopAttachment } from './loop/attach.js';

export { runProvisioner, isSelected } from './provisioners/run-provisioner.js';
export type { ProvisionerContext } from './provisioners/provisioner-context.js';

export { defaultSteps, type StepHooks } from './steps/default-steps.js';
export { validateStep, type TemplateCheck } from './steps/validate.js';
export { fetchSourceStep, type FetchSource } from './steps/fetch-source.js';
export { workingImageStep } from './steps/working-image.js';
export { attachLoopDeviceStep } from './steps/attach-loop-device.js';
export { preMountCommandsStep, postMountCommandsStep, preUnmountCommandsStep } from './steps/host-commands.js';
export { mountRootStep } from './steps/mount-root.js';
export { chrootMountsStep } from './steps/chroot-mounts.js';
export { copyFilesStep } from './steps/copy-files.js';
export { preventServiceStartsStep, isDebianLike, POLICY_RC_D } from './steps/prevent-service-starts.js';
export { qemuSetupStep } from './steps/qemu-setup.js';
export { provisionStep } from './steps/provision.js';
export { earlyCleanupStep } from './steps/early-cleanup.js';
export { artifactStep } from './steps/artifact.js';
export { postProcessorsStep, type RunPostProcessors } from './steps/post-processors.js';

export { humanUi, machineReadableUi, recordingUi, type Ui } from './ui/ui.js';
export { humanCommandUi, machineCommandUi, type CommandUi } from './ui/command-ui.js';
export { reportBuilds } from './ui/build-summary.js';
export { noProgress, periodicProgress, withProgress, type Progress, type StartProgress } from './ui/progress.js';
export { formatTimingTable, reportTimings } from './ui/timing-table.js';
export { hostProblems } from './preflight.js';
export { runningInContainer, isContainer, containerFacts, type ContainerFacts } from './in-container.js';
