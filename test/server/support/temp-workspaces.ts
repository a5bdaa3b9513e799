/** Temporary workspace directories for server tests, made with their files and removed after each test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempWorkspaces {
  /** A new directory holding `files` (name → text). */
  make(files?: Record<string, string>): string;
  /** Removes every directory made so far (call from afterEach). */
  removeAll(): void;
}

export function tempWorkspaces(prefix: string): TempWorkspaces {
  const dirs: string[] = [];
  return {
    make(files = {}) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    },
    removeAll() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
