/**
 * What the journal records: each resource a build takes, written before the
 * build uses it, and a release record once it is given back.
 */

/** A resource `chrootforge cleanup` knows how to give back. */
export type Resource =
  /** Loop devices backed by this file (found again with `losetup -j`). */
  | { kind: 'loop'; backingFile: string }
  /** A mount point (unmounted if /proc/self/mountinfo still lists it). */
  | { kind: 'mount'; path: string }
  /** A directory the build created (removed if empty). */
  | { kind: 'dir'; path: string }
  /** A file in the image replaced for the build; `backupPath` holds the original, if any. */
  | { kind: 'saved-file'; hostPath: string; backupPath?: string }
  /** binfmt_misc mounted on the host by the build. */
  | { kind: 'binfmt'; path: string }
  /** A binfmt_misc entry the build registered (`path` is its file): removed. */
  | { kind: 'binfmt-entry'; path: string }
  /** A temporary file (working image, partial artifact): deleted. */
  | { kind: 'temp-file'; path: string };

/** One line of a journal file. */
export type JournalLine =
  | { op: 'begin'; buildId: string; pid: number; buildName: string; time: string }
  | { op: 'take'; id: string; resource: Resource }
  | { op: 'release'; id: string };
