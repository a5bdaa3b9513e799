/**
 * Runs the real `packer fmt` (1.6.6 on this project's machines) as the
 * reference formatter: copies texts into a temporary directory, formats the
 * directory in one packer run, and reads the results back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missing } from '../support/requirements.js';

/** Why the reference cannot run, or undefined when packer is on PATH. */
export const packerMissing = (): string | undefined => missing.tool('packer');

/** Formats each named text with packer fmt; names must end in .pkr.hcl or .pkrvars.hcl. */
export function packerFormatAll(texts: ReadonlyMap<string, string>): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cf-packer-fmt-'));
  try {
    for (const [name, text] of texts) writeFileSync(join(dir, name), text);
    execFileSync('packer', ['fmt', dir], { stdio: 'pipe' });
    return new Map([...texts.keys()].map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether packer fmt accepts the text (false: it reports a parse failure). */
export function packerAccepts(name: string, text: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'cf-packer-check-'));
  try {
    writeFileSync(join(dir, name), text);
    execFileSync('packer', ['fmt', '-check', join(dir, name)], { stdio: 'pipe' });
    return true;
  } catch (err) {
    // -check exits 3 for "needs formatting": that file parsed fine.
    return (err as { status?: number }).status === 3;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
