/**
 * The typed state a build's steps share. Each field is set by one step and
 * read by later ones (and by cleanups); nothing is keyed by strings.
 */
import type { ArmImageSource, ArmSource, BuildPlan, ChrootSource, PlanFor } from '../../template/index.js';

/** A mount the build made, in the order made (unmounted in reverse). */
export interface MountRecord {
  /** Absolute host path of the mount point. */
  path: string;
  /** What was mounted (device, bind source, fs name). */
  source: string;
  fstype: string;
  /** Name of the step that made it (its cleanup undoes it). */
  owner: string;
  /** Journal entry that records it. */
  journalId: string;
}

/** A loop device attached for the working image. */
export interface LoopRecord {
  /** `/dev/loopN`. */
  device: string;
  /** Offset loop devices made when partition nodes never appeared. */
  extraDevices: string[];
  /** Partition number ("1", "2", …) → block device path. */
  partitions: Map<string, string>;
}

/** A file in the image replaced for the build and restored afterwards. */
export interface SavedFileRecord {
  /** Name of the step that saved it. */
  owner: string;
  /** Host path of the file inside the mounted root (its parent resolved in the root). */
  hostPath: string;
  /** Where the original (file or symlink) was moved; undefined = there was none. */
  backupPath?: string;
  journalId: string;
}

/**
 * State of one build. `P` narrows the plan for a builder's own steps
 * ({@link ChrootBuildState}); the shared steps take any plan.
 */
export interface BuildState<P extends BuildPlan = BuildPlan> {
  readonly plan: P;
  /** Unique id: names the journal, temp files and the lock holder. */
  readonly buildId: string;
  /** Scratch directory for the working image and temp files. */
  readonly workDir: string;
  /** Local path of the source image (the arm builders' download) once fetched. */
  sourceImage?: string;
  /** The copy the build changes. */
  workingImage?: string;
  /** Removes the working image (set by the working-image step). */
  releaseWorkingImage?: () => Promise<void>;
  loop?: LoopRecord;
  /** Journal entry of the loop devices (taken before attaching). */
  loopJournalId?: string;
  /** The device mounted as the root (`/dev/loop3p1`, or the loop device itself). */
  device?: string;
  mountPath?: string;
  /** Journal entry of the mount directory the build created, if it did. */
  mountDirJournalId?: string;
  mounts: MountRecord[];
  /** copy_files and the qemu binary, in the order saved. */
  savedFiles: SavedFileRecord[];
  /** Set once early cleanup has unmounted and detached everything. */
  released?: boolean;
  /** The finished artifact. */
  artifactPath?: string;
  /** Files written by post-processors. */
  extraArtifacts: string[];
}

/** The state of a chroot build, for the chroot builder's own steps. */
export type ChrootBuildState = BuildState<PlanFor<ChrootSource>>;
/** The state of an arm (packer-builder-arm) build. */
export type ArmBuildState = BuildState<PlanFor<ArmSource>>;
/** The state of an arm or arm-image build, for the steps they share. */
export type ArmFamilyBuildState = BuildState<PlanFor<ArmSource | ArmImageSource>>;

/** A fresh state for `plan`. */
export function newBuildState<P extends BuildPlan>(plan: P, buildId: string, workDir: string): BuildState<P> {
  return { plan, buildId, workDir, mounts: [], savedFiles: [], extraArtifacts: [] };
}
