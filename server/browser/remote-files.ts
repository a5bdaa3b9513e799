/**
 * The workspace's files in a browser worker: asked of the client
 * (protocol.ts) and kept in a {@link FileSnapshot}. Reads are synchronous
 * and answer from the snapshot; a path not known yet is fetched, counted as
 * pending (the server publishes nothing meanwhile) and reported through
 * `onArrived` when the answer is in, so its configuration is analysed again.
 */
import { FileSnapshot, type SnapshotEntry } from '../../template/browser/index.js';
import { configurationFileKind, directoryConfiguration, isVarFileKind, posixJoin } from '../../template/index.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import {
  READ_DIRECTORY,
  READ_FILE,
  type ReadDirectoryParams,
  type ReadDirectoryResult,
  type ReadFileParams,
  type ReadFileResult,
} from './protocol.js';

/** How the files reach the worker: a request to the client (connection.sendRequest). */
export type SendRequest = <R>(method: string, params: unknown) => Promise<R>;

export interface Arrival {
  /** A file whose content arrived, or the directory whose listing did. */
  path: string;
  directory: boolean;
}

export class RemoteFiles implements WorkspaceFiles {
  readonly snapshot: FileSnapshot;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly send: SendRequest,
    private readonly toUri: (path: string) => string,
    private readonly onArrived: (arrival: Arrival) => void,
  ) {
    this.snapshot = new FileSnapshot((miss) => {
      if ('directory' in miss) void this.fetchListing(miss.directory, true);
      else void this.fetchFile(miss.file, true);
    });
  }

  readTextFile(path: string): string | undefined {
    return this.snapshot.text(path);
  }

  directoryFileNames(dir: string): string[] {
    const entries = this.snapshot.listing(dir);
    if (entries === null) throw Object.assign(new Error(`ENOENT: scandir ${dir}`), { code: 'ENOENT' });
    return (entries ?? []).filter((e) => !e.isDirectory).map((e) => e.name);
  }

  listDirectory(dir: string): SnapshotEntry[] {
    return this.snapshot.listing(dir) ?? [];
  }

  /** The directory's listing, then its configuration's files and every var file there. */
  async load(dir: string): Promise<void> {
    await this.fetchListing(dir, false);
    const names = this.directoryFileNames(dir);
    const { templates, autoVarFiles } = directoryConfiguration(names);
    const varFiles = names.filter((n) => isVarFileKind(configurationFileKind(n)));
    const wanted = new Set([...templates, ...autoVarFiles, ...varFiles]);
    await Promise.all([...wanted].map((name) => this.fetchFile(posixJoin(dir, name), false)));
  }

  invalidate(path: string): void {
    this.snapshot.forget(path);
  }

  pending(): boolean {
    return this.inFlight.size > 0;
  }

  private fetchListing(dir: string, report: boolean): Promise<void> {
    return this.fetch(`d:${dir}`, async () => {
      const result = await this.send<ReadDirectoryResult>(READ_DIRECTORY, {
        uri: this.toUri(dir),
      } satisfies ReadDirectoryParams).catch(() => null);
      this.snapshot.setListing(dir, result?.map(([name, isDirectory]) => ({ name, isDirectory })) ?? null);
      if (report) this.onArrived({ path: dir, directory: true });
    });
  }

  private fetchFile(path: string, report: boolean): Promise<void> {
    return this.fetch(`f:${path}`, async () => {
      const result = await this.send<ReadFileResult>(READ_FILE, {
        uri: this.toUri(path),
      } satisfies ReadFileParams).catch(() => null);
      this.snapshot.setContent(path, result ? base64Bytes(result.base64) : null);
      if (report) this.onArrived({ path, directory: false });
    });
  }

  /** One request per path at a time; `pending()` is true until the last one is answered. */
  private fetch(key: string, run: () => Promise<void>): Promise<void> {
    let running = this.inFlight.get(key);
    if (!running) {
      running = run().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }
}

function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
