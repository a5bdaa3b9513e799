/**
 * `chrootforge cleanup`: undoes what builds that died without cleaning up
 * (SIGKILL, power loss of the runner, -on-error abort) left, from their
 * journals: files restored, processes stopped, mounts unmounted in reverse,
 * loop devices detached, temp files removed.
 */
import { existsSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unregisterBinfmt } from '../chroot/binfmt-registration.js';
import { restoreSavedFile } from '../chroot/saved-files.js';
import { killProcessesRootedIn } from '../chroot/kill-chroot-processes.js';
import { unmountPath, unmountTree } from '../chroot/unmount.js';
import { detachLoopsBackedBy } from '../loop/detach.js';
import type { JournalLine, Resource } from './entries.js';
import { journalDir } from './journal.js';

/** What recovery did for one journal. */
export interface RecoveryReport {
  journal: string;
  buildId: string;
  /** One line per resource given back. */
  actions: string[];
  errors: string[];
  /** False when the build is still running (its pid is alive): left alone. */
  recovered: boolean;
}

/** Resources of a journal file still taken, in the order taken. */
export function outstandingResources(text: string): {
  begin?: Extract<JournalLine, { op: 'begin' }>;
  resources: Resource[];
} {
  const taken = new Map<string, Resource>();
  let begin: Extract<JournalLine, { op: 'begin' }> | undefined;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue; // A torn last line of a killed writer.
    }
    if (line.op === 'begin') begin = line;
    else if (line.op === 'take') taken.set(line.id, line.resource);
    else taken.delete(line.id);
  }
  return { begin, resources: [...taken.values()] };
}

/**
 * Recovers every journal under `stateDir` whose build is no longer running
 * (or only `buildId`). Journals fully undone are deleted.
 */
export async function recoverAll(
  stateDir: string,
  options: { buildId?: string; force?: boolean; warn?: (text: string) => void } = {},
): Promise<RecoveryReport[]> {
  const dir = journalDir(stateDir);
  if (!existsSync(dir)) return [];
  const reports: RecoveryReport[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.jsonl')) continue;
    if (options.buildId && name !== `${options.buildId}.jsonl`) continue;
    reports.push(await recoverJournal(join(dir, name), options));
  }
  return reports;
}

/** Recovers one journal file. */
export async function recoverJournal(
  path: string,
  options: { force?: boolean; warn?: (text: string) => void } = {},
): Promise<RecoveryReport> {
  const { begin, resources } = outstandingResources(readFileSync(path, 'utf8'));
  const report: RecoveryReport = {
    journal: path,
    buildId: begin?.buildId ?? '?',
    actions: [],
    errors: [],
    recovered: false,
  };
  if (begin && !options.force && begin.pid !== process.pid && pidAlive(begin.pid)) {
    report.errors.push(
      `build ${begin.buildId} (pid ${begin.pid}) is still running; not touching it (use --force if that pid is not chrootforge)`,
    );
    return report;
  }
  const warn = options.warn ?? (() => undefined);
  // Before any unmount: stop what still runs inside the build's mounts.
  for (const r of resources) if (r.kind === 'mount') await killProcessesRootedIn(r.path);
  for (const resource of [...resources].reverse()) {
    try {
      const action = await undo(resource, warn);
      if (action) report.actions.push(action);
    } catch (err) {
      report.errors.push(`${describe(resource)}: ${(err as Error).message}`);
    }
  }
  if (report.errors.length === 0) {
    rmSync(path, { force: true });
    report.recovered = true;
  }
  return report;
}

async function undo(resource: Resource, warn: (text: string) => void): Promise<string | undefined> {
  const reporter = { warn };
  switch (resource.kind) {
    case 'saved-file':
      restoreSavedFile(resource);
      return `restored ${resource.hostPath}`;
    case 'mount':
    case 'binfmt':
      await unmountTree(resource.path, reporter);
      await unmountPath(resource.path, reporter);
      return `unmounted ${resource.path}`;
    case 'binfmt-entry':
      unregisterBinfmt(basename(resource.path), dirname(resource.path));
      return `removed the binfmt_misc entry ${basename(resource.path)}`;
    case 'loop':
      await detachLoopsBackedBy(resource.backingFile);
      return `detached loop devices of ${resource.backingFile}`;
    case 'dir':
      try {
        rmdirSync(resource.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return `removed ${resource.path}`;
    case 'temp-file':
      rmSync(resource.path, { force: true, recursive: true });
      return `removed ${resource.path}`;
  }
}

function describe(resource: Resource): string {
  return `${resource.kind} ${'path' in resource ? resource.path : 'hostPath' in resource ? resource.hostPath : resource.backingFile}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
