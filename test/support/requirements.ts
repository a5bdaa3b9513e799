/**
 * Guards for tests that need root, loop devices, Docker or a peer tool.
 * A test that cannot run is skipped with the reason in its name, so the
 * report shows why (never a silent pass).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function commandWorks(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const isRoot = process.getuid?.() === 0;

/** Why a requirement is unmet, or undefined when it is met. */
export const missing = {
  root: (): string | undefined => (isRoot ? undefined : 'needs root'),
  loop: (): string | undefined =>
    !isRoot ? 'needs root' : existsSync('/dev/loop-control') ? undefined : 'needs loop devices (/dev/loop-control)',
  docker: (): string | undefined => (commandWorks('docker', ['info']) ? undefined : 'needs a running Docker engine'),
  tool: (name: string): string | undefined =>
    commandWorks('sh', ['-c', `command -v ${name}`]) ? undefined : `needs ${name} on PATH`,
};

/** Title suffix for describe/it: "" when runnable, " (skipped: reason)" otherwise. */
export function skipNote(reason: string | undefined): string {
  return reason ? ` (skipped: ${reason})` : '';
}
