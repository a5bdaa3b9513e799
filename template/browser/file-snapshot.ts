/**
 * What a browser host knows of a workspace's files: listings and contents
 * as its client sent them. Nothing is read here; a question about a path
 * not known yet is handed to `onMiss` (the host fetches it) and answered so
 * that no false verdict follows: the host publishes nothing while a fetch
 * is pending, and analyses again when the answer arrives.
 */
import type { TemplateFiles } from '../evaluation-model.js';
import * as posix from '../text/posix-path.js';

export interface SnapshotEntry {
  name: string;
  isDirectory: boolean;
}

/** A Node-like errno error, which the file functions turn into Packer's texts. */
function systemError(code: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} ${path}`), { code, syscall });
}

export class FileSnapshot {
  /** Directory → its entries; null: it does not exist (or cannot be read). */
  private readonly listings = new Map<string, SnapshotEntry[] | null>();
  /** File → its bytes; null: it cannot be read. */
  private readonly contents = new Map<string, Uint8Array | null>();

  constructor(private readonly onMiss: (what: { directory: string } | { file: string }) => void = () => undefined) {}

  setListing(dir: string, entries: SnapshotEntry[] | null): void {
    this.listings.set(dir, entries);
  }

  setContent(path: string, bytes: Uint8Array | null): void {
    this.contents.set(path, bytes);
  }

  /** Forgets a path's content and its directory's listing (it changed). */
  forget(path: string): void {
    this.contents.delete(path);
    this.listings.delete(posix.dirname(path));
    this.listings.delete(path);
  }

  /** A directory's entries; undefined while unknown (then fetched). */
  listing(dir: string): SnapshotEntry[] | null | undefined {
    if (!this.listings.has(dir)) this.onMiss({ directory: dir });
    return this.listings.get(dir);
  }

  /** A file's bytes; undefined while unknown (then fetched). */
  content(path: string): Uint8Array | null | undefined {
    if (!this.contents.has(path)) this.onMiss({ file: path });
    return this.contents.get(path);
  }

  /** A file's text (UTF-8); undefined when unreadable or not known yet. */
  text(path: string): string | undefined {
    const bytes = this.content(path);
    return bytes ? new TextDecoder().decode(bytes) : undefined;
  }

  /** What is at a path, by its directory's listing; undefined while unknown. */
  kind(path: string): 'file' | 'directory' | 'missing' | undefined {
    if (path === '/') return 'directory';
    const entries = this.listing(posix.dirname(path));
    if (entries === undefined) return undefined;
    const entry = entries?.find((e) => e.name === posix.basename(path));
    return entry ? (entry.isDirectory ? 'directory' : 'file') : 'missing';
  }

  /** The file access `fileset` and `filebase64` use (TemplateFiles); unknown paths count as present. */
  templateFiles(): TemplateFiles {
    return {
      readBytes: (path) => {
        const bytes = this.content(path);
        if (!bytes) throw systemError('ENOENT', 'open', path);
        return bytes;
      },
      stat: (path) => {
        const kind = this.kind(path);
        if (kind === 'missing') throw systemError('ENOENT', 'stat', path);
        return kind ?? 'file';
      },
      exists: (path) => this.kind(path) !== 'missing',
      list: (path) => {
        const entries = this.listing(path);
        if (entries === null) throw systemError('ENOENT', 'open', path);
        return (entries ?? []).map((e) => e.name);
      },
      realpath: (path) => path,
    };
  }
}
