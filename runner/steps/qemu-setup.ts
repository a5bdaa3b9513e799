/**
 * Step 11: qemu setup for a foreign-architecture image (chroot's
 * qemu_binary, arm's qemu_binary_source_path, arm-image's qemu_binary).
 * binfmt_misc is mounted if it is not (and unmounted again). The host's
 * binfmt_misc entry for the binary decides: with the F flag the kernel
 * keeps the interpreter open and nothing is copied; without it the
 * interpreter must exist inside the chroot at the entry's path, so it is
 * copied there (and removed afterwards). No entry but the host has its
 * definition (qemu-user-static installed, not registered): it is
 * registered for the build (runner/chroot/binfmt-registration.ts). Neither:
 * a clear error saying how to get one, on a host or in a container.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hostBinfmtDefinition, registerBinfmt, unregisterBinfmt } from '../chroot/binfmt-registration.js';
import { performPlacement, planPlacement } from '../chroot/saved-files.js';
import { isMountPoint } from '../chroot/mountinfo.js';
import { unmountPath } from '../chroot/unmount.js';
import { runTool } from '../process/run-process.js';
import { runningInContainer } from '../in-container.js';
import { BuildError } from '../multistep/errors.js';
import type { BuildState } from '../multistep/build-state.js';
import type { SourcePlan } from '../../template/index.js';
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
 * the same file as `hostBinary` (Debian's interpreter
 * /usr/libexec/qemu-binfmt/aarch64-binfmt-P links to qemu-aarch64-static;
 * packer-builder-arm compares files so), or the entry named after it
 * (`qemu-aarch64` for `qemu-aarch64-static`). Entries other chrootforge
 * builds registered for themselves are left out (they go when that build
 * ends); `own` names this build's.
 */
export function findBinfmtEntries(
  qemuBinary: string,
  dir = BINFMT_DIR,
  hostBinary?: string,
  own?: string,
): BinfmtEntry[] {
  if (!existsSync(dir)) return [];
  const arch = basename(qemuBinary).replace(/-static$/, '');
  const hostFile = hostBinary ? realOrUndefined(hostBinary) : undefined;
  return readdirSync(dir)
    .filter((n) => n !== 'register' && n !== 'status')
    .filter((n) => n === own || !n.startsWith(REGISTERED_PREFIX))
    .map((n) => parseBinfmtEntry(n, readFileSync(join(dir, n), 'utf8')))
    .filter(
      (e) =>
        e.enabled &&
        (e.name === own ||
          e.interpreter === qemuBinary ||
          basename(e.interpreter) === basename(qemuBinary) ||
          (hostFile !== undefined && realOrUndefined(e.interpreter) === hostFile) ||
          e.name === arch),
    );
}

/** Names of the entries builds register for themselves. */
const REGISTERED_PREFIX = 'chrootforge-';

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
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

/**
 * The qemu a build sets up, if any: chroot's qemu_binary, arm's
 * qemu_binary_source_path, and arm-image's qemu_binary when the image's
 * architecture is not the host's (or qemu_required says so anyway).
 */
export function qemuBinaryFor(source: SourcePlan): string | undefined {
  if (source.type !== 'arm-image') return source.qemu_binary;
  const native = source.image_arch === process.arch;
  return native && !source.qemu_required ? undefined : source.qemu_binary;
}

/** The qemu-setup step. */
export function qemuSetupStep(): Step<BuildState> {
  let binfmtJournalId: string | undefined;
  let registered: { name: string; journalId: string } | undefined;
  return {
    name: NAME,
    async run(state, ctx) {
      const source = state.plan.source;
      const qemu = qemuBinaryFor(source);
      if (!qemu) return;
      const root = state.mountPath;
      if (!root) throw new Error('qemu-setup needs the mounted root');
      ctx.ui.say(`Setting up ${qemu} for a foreign-architecture chroot...`);
      if (!isMountPoint(BINFMT_DIR)) {
        binfmtJournalId = ctx.journal.take({ kind: 'binfmt', path: BINFMT_DIR });
        ctx.ui.message(`binfmt_misc is not mounted: mounting it at ${BINFMT_DIR}`);
        await runTool('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR], { signal: ctx.signal }).catch(
          (err: unknown) => {
            throw new BuildError(binfmtMountFailed(err, runningInContainer()));
          },
        );
      }
      const hostBinary = hostPathOf(qemu);
      let entries = findBinfmtEntries(qemu, BINFMT_DIR, hostBinary);
      if (entries.length === 0) {
        const definition = hostBinfmtDefinition(qemu);
        if (definition && existsSync(definition.interpreter)) {
          const name = `${REGISTERED_PREFIX}${state.buildId.slice(-8)}-${definition.name}`;
          const journalId = ctx.journal.take({ kind: 'binfmt-entry', path: join(BINFMT_DIR, name) });
          registered = { name, journalId };
          ctx.ui.message(
            `No binfmt_misc entry runs ${qemu}: registering the host's ${definition.file} as ${name} for this build`,
          );
          registerBinfmt(definition, name, BINFMT_DIR);
          entries = findBinfmtEntries(qemu, BINFMT_DIR, hostBinary, name).filter((e) => e.name === name);
        }
      }
      if (entries.length === 0) {
        const plugin = source.type === 'arm' ? `Failed to find binfmt_misc for ${qemu} under ${BINFMT_DIR}: ` : '';
        throw new BuildError(plugin + noBinfmtEntryMessage(qemu, runningInContainer()));
      }
      const entry = entries[0]!;
      if (entry.flags.includes('F')) {
        ctx.ui.message(
          `binfmt entry ${entry.name} has the F flag: the host's ${entry.interpreter} is used, nothing copied`,
        );
        return;
      }
      const binary = hostBinary ?? entry.interpreter;
      ctx.ui.message(
        `Copying ${binary} to ${entry.interpreter} in the chroot (binfmt entry ${entry.name} lacks the F flag)`,
      );
      const record = { ...planPlacement(root, entry.interpreter, binary, state.buildId, ctx.journal), owner: NAME };
      state.savedFiles.push(record);
      performPlacement(record, binary, 0o755);
    },
    async cleanup(state, ctx) {
      await restoreFiles(state, ctx, NAME);
      if (registered) {
        ctx.ui.message(`Removing the binfmt_misc entry ${registered.name}`);
        unregisterBinfmt(registered.name, BINFMT_DIR);
        ctx.journal.release(registered.journalId);
        registered = undefined;
      }
      if (binfmtJournalId) {
        await unmountPath(BINFMT_DIR, { warn: (t) => ctx.ui.error(t) });
        ctx.journal.release(binfmtJournalId);
        binfmtJournalId = undefined;
      }
    },
  };
}

/** An absolute path as is; a bare name looked up on PATH; undefined when not found. */
function hostPathOf(qemu: string): string | undefined {
  if (qemu.includes('/')) return existsSync(qemu) ? qemu : undefined;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    if (dir && existsSync(join(dir, qemu))) return join(dir, qemu);
  }
  return undefined;
}

/** Why binfmt_misc could not be mounted, and what to do. */
function binfmtMountFailed(err: unknown, inContainer: boolean): string {
  const cause = (err as Error).message;
  return `binfmt_misc is not mounted at ${BINFMT_DIR}, and mounting it failed (${cause}). ${
    inContainer
      ? "In a container, run it with --privileged (binfmt_misc belongs to the host's kernel: mount and register it on the host, e.g. apt-get install qemu-user-static binfmt-support there)"
      : 'Load the module (modprobe binfmt_misc), or mount it yourself: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc'
  }`;
}
