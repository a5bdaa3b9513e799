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

/**
 * Runs packer fmt once over a batch of texts (it goes on past files it
 * cannot parse and names each of them). Returns the names it refused and,
 * for the others, its output.
 */
export function packerBatch(texts: ReadonlyMap<string, string>): {
  refused: Set<string>;
  formatted: Map<string, string>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'cf-packer-batch-'));
  try {
    for (const [name, text] of texts) writeFileSync(join(dir, name), text);
    let report = '';
    try {
      execFileSync('packer', ['fmt', dir], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 << 20 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      report = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    const refused = new Set([...texts.keys()].filter((name) => report.includes(`formatting ${join(dir, name)}\n`)));
    const formatted = new Map(
      [...texts.keys()]
        .filter((name) => !refused.has(name))
        .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
    );
    return { refused, formatted };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
