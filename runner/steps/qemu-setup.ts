/**
 * Step 11: qemu setup for a foreign-architecture image. The host's
 * binfmt_misc entry for qemu_binary decides: with the F flag the kernel
 * keeps the interpreter open and nothing is copied; without it the
 * interpreter must exist inside the chroot at the entry's path, so it is
 * copied there (and removed afterwards). No entry: a clear error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performPlacement, planPlacement } from '../chroot/saved-files.js';
import { isMountPoint } from '../chroot/mountinfo.js';
import { unmountPath } from '../chroot/unmount.js';
import { runTool } from '../process/run-process.js';
import { runningInContainer } from '../in-container.js';
import { BuildError } from '../multistep/errors.js';
import type { BuildState } from '../multistep/build-state.js';
import type { Step } from '../multistep/step.js';
import { restoreFiles } from './teardown.js';

const NAME = 'qemu-setup';
/** Where binfmt_misc lives on the host. */
export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** One registered binfmt_misc interpreter. */
export interface BinfmtEntry {
  name: string;
  enabled: boolean;
  interpreter: string;
  flags: string;
}

/** Parses the text of `/proc/sys/fs/binfmt_misc/<name>`. */
export function parseBinfmtEntry(name: string, text: string): BinfmtEntry {
  const field = (key: string): string => new RegExp(`^${key} (.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return {
    name,
    enabled: /^enabled$/m.test(text),
    interpreter: field('interpreter'),
    flags: /^flags: ?(.*)$/m.exec(text)?.[1]?.trim() ?? '',
  };
}

/**
 * Registered entries for `qemuBinary`: same interpreter path or file name,
 * or the entry named after it (`qemu-aarch64` for `qemu-aarch64-static`,
 * as Debian's qemu-user-static registers a wrapper interpreter).
 */
export function findBinfmtEntries(qemuBinary: string, dir = BINFMT_DIR): BinfmtEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n !== 'register' && n !== 'status')
    .map((n) => parseBinfmtEntry(n, readFileSync(join(dir, n), 'utf8')))
    .filter(
      (e) =>
        e.enabled &&
        (e.interpreter === qemuBinary ||
          basename(e.interpreter) === basename(qemuBinary) ||
          e.name === basename(qemuBinary).replace(/-static$/, '')),
    );
}

/** Docker/Go architecture names that tonistiigi/binfmt --install takes, by qemu's. */
const BINFMT_ARCH: Record<string, string> = {
  aarch64: 'arm64',
  arm: 'arm',
  armeb: 'arm',
  x86_64: 'amd64',
  i386: '386',
  riscv64: 'riscv64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  mips64el: 'mips64le',
  mips64: 'mips64',
  loongarch64: 'loong64',
};

/**
 * The error when no binfmt_misc entry uses `qemuBinary`, with the fix for
 * where chrootforge runs: on a host, install the interpreters there; in a
 * container nothing installed inside helps (binfmt_misc belongs to the
 * host's kernel), so the interpreters are registered on the host, with the
 * F flag so that containers can use them.
 */
export function noBinfmtEntryMessage(qemuBinary: string, inContainer: boolean): string {
  const problem = `qemu_binary ${qemuBinary}: no binfmt_misc entry uses it, so the kernel cannot run the image's programs.`;
  if (!inContainer)
    return `${problem} Install and register it: apt-get install qemu-user-static binfmt-support (or update-binfmts --enable)`;
  const qemuArch = /^qemu-(.+?)(-static)?$/.exec(basename(qemuBinary))?.[1] ?? '';
  const arch = BINFMT_ARCH[qemuArch] ?? 'all';
  return `${problem} chrootforge runs in a container, and binfmt_misc entries belong to the host's kernel: installing qemu in the container does not help. Register the interpreter on the host, e.g. docker run --privileged --rm tonistiigi/binfmt --install ${arch} (or apt-get install qemu-user-static on the host, whose entries have the F flag and so work in containers), then run the build again`;
}

/** The qemu-setup step. */
export function qemuSetupStep(): Step<BuildState> {
  let binfmtJournalId: string | undefined;
  return {
    name: NAME,
    async run(state, ctx) {
      const qemu = state.plan.source.qemu_binary;
      if (!qemu) return;
      const root = state.mountPath;
      if (!root) throw new Error('qemu-setup needs the mounted root');
      ctx.ui.say(`Setting up ${qemu} for a foreign-architecture chroot...`);
      if (!isMountPoint(BINFMT_DIR)) {
        binfmtJournalId = ctx.journal.take({ kind: 'binfmt', path: BINFMT_DIR });
        await runTool('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR], { signal: ctx.signal });
      }
      const entries = findBinfmtEntries(qemu);
      if (entries.length === 0) {
        throw new BuildError(noBinfmtEntryMessage(qemu, runningInContainer()));
      }
      const entry = entries[0]!;
      if (entry.flags.includes('F')) {
        ctx.ui.message(
          `binfmt entry ${entry.name} has the F flag: the host's ${entry.interpreter} is used, nothing copied`,
        );
        return;
      }
      const hostBinary = qemu.startsWith('/')
        ? qemu
        : existsSync(`/usr/bin/${qemu}`)
          ? `/usr/bin/${qemu}`
          : entry.interpreter;
      ctx.ui.message(
        `Copying ${hostBinary} to ${entry.interpreter} in the chroot (binfmt entry ${entry.name} lacks the F flag)`,
      );
      const record = { ...planPlacement(root, entry.interpreter, hostBinary, state.buildId, ctx.journal), owner: NAME };
      state.savedFiles.push(record);
      performPlacement(record, hostBinary, 0o755);
    },
    async cleanup(state, ctx) {
      restoreFiles(state, ctx, NAME);
      if (binfmtJournalId) {
        await unmountPath(BINFMT_DIR, { warn: (t) => ctx.ui.error(t) });
        ctx.journal.release(binfmtJournalId);
        binfmtJournalId = undefined;
      }
    },
  };
}
