/**
 * The build journal: JSON lines under `<state dir>/journal/<build-id>.jsonl`,
 * each fsync'd before the resource it names is used, so a SIGKILLed build
 * can be undone by `chrootforge cleanup`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalLine, Resource } from './entries.js';

/** `CHROOTFORGE_STATE_DIR`, else `/var/lib/chrootforge`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROOTFORGE_STATE_DIR || '/var/lib/chrootforge';
}

/** Directory holding the journals of `stateDir`. */
export function journalDir(stateDir: string): string {
  return join(stateDir, 'journal');
}

/** An open journal of one build. */
export class Journal {
  private fd: number | undefined;
  private next = 1;
  private readonly outstanding = new Map<string, Resource>();

  private constructor(
    readonly path: string,
    private readonly durable: boolean,
  ) {}

  /** Creates the journal file of `buildId` (and its directory). */
  static open(stateDir: string, buildId: string, buildName: string): Journal {
    const dir = journalDir(stateDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const journal = new Journal(join(dir, `${buildId}.jsonl`), true);
    journal.fd = openSync(journal.path, 'wx', 0o600);
    journal.write({ op: 'begin', buildId, pid: process.pid, buildName, time: new Date().toISOString() });
    return journal;
  }

  /** Records `resource` durably; returns the id to release it with. */
  take(resource: Resource): string {
    const id = String(this.next++);
    this.write({ op: 'take', id, resource });
    this.outstanding.set(id, resource);
    return id;
  }

  /** Records that the resource of `id` was given back. Idempotent. */
  release(id: string | undefined): void {
    if (id === undefined || !this.outstanding.has(id)) return;
    // Not fsync'd: a killed process loses no completed write(2), and the
    // crash that could lose it also ends the mounts and loop devices; a
    // lost release only makes `cleanup` redo an idempotent undo. The next
    // take's fsync flushes it anyway.
    this.write({ op: 'release', id }, false);
    this.outstanding.delete(id);
  }

  /** Resources taken and not yet released, in the order taken. */
  pending(): Resource[] {
    return [...this.outstanding.values()];
  }

  /**
   * Closes the journal; deletes it when nothing is outstanding (a clean
   * build leaves no journal), keeps it otherwise for `chrootforge cleanup`.
   */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.durable && this.outstanding.size === 0) rmSync(this.path, { force: true });
  }

  /** A journal that keeps entries in memory only (unit tests, callers that opt out). */
  static inMemory(): Journal {
    return new Journal('(memory)', false);
  }

  private write(line: JournalLine, sync = true): void {
    if (!this.durable) return;
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if (sync) fsyncSync(this.fd);
  }
}
