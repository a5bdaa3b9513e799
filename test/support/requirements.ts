/**
 * Guards for tests that need root, loop devices, Docker or a peer tool.
 *
 * Locally, a test that cannot run is skipped with the reason in its name, so
 * the report shows why (never a silent pass). On CI (`.ci/run` sets
 * CHROOTFORGE_REQUIRE_ALL=1) nothing may skip: an unmet requirement throws
 * where it is found, so the test file fails with the reason. A CI machine
 * that lost root, loop devices, Docker, packer or Neovim cannot pass green.
 *
 * Every skip in the suite goes through this module (`skipNote` in the
 * title, `missing.*` or `requirementUnmet` for the reason);
 * test/support/requirements.test.ts holds the suite to that.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Set by .ci/run: a skip is a failure. */
export const REQUIRE_ALL_VARIABLE = 'CHROOTFORGE_REQUIRE_ALL';
/**
 * Comma-separated requirement names treated as unmet whatever the machine
 * has (`root`, `loop`, `docker` or a tool name such as `nvim`): how the
 * tests of this mechanism stand for a machine that lost something.
 */
export const FORCE_UNMET_VARIABLE = 'CHROOTFORGE_TEST_UNMET';

const requireAll = process.env[REQUIRE_ALL_VARIABLE] === '1';
const forcedUnmet = new Set((process.env[FORCE_UNMET_VARIABLE] ?? '').split(',').filter(Boolean));

/** Thrown under CHROOTFORGE_REQUIRE_ALL=1 where a test would have been skipped. */
export class UnmetRequirementError extends Error {
  override name = 'UnmetRequirementError';
}

/**
 * The one gate of every skip: the reason unchanged (undefined = runnable),
 * or, when skipping is not allowed, an error that says what is missing.
 */
export function requirementUnmet(reason: string | undefined): string | undefined {
  if (reason !== undefined && requireAll) {
    throw new UnmetRequirementError(`${reason}: ${REQUIRE_ALL_VARIABLE}=1 forbids skipping this test`);
  }
  return reason;
}

function commandWorks(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the requirement `name` is unmet (`probe` says, undefined = met), or a
 * reason of its own when the name is forced unmet; through the gate.
 */
export function requirement(name: string, probe: () => string | undefined): string | undefined {
  if (forcedUnmet.has(name)) return requirementUnmet(`needs ${name} (forced unmet by ${FORCE_UNMET_VARIABLE}=${name})`);
  return requirementUnmet(probe());
}

/** Why a requirement is unmet, or undefined when it is met. */
export const missing = {
  root: (): string | undefined => requirement('root', () => (process.getuid?.() === 0 ? undefined : 'needs root')),
  loop: (): string | undefined =>
    missing.root() ??
    requirement('loop', () => (existsSync('/dev/loop-control') ? undefined : 'needs loop devices (/dev/loop-control)')),
  tool: (name: string): string | undefined =>
    requirement(name, () => (commandWorks('sh', ['-c', `command -v ${name}`]) ? undefined : `needs ${name} on PATH`)),
};

/** Title suffix for describe/it: "" when runnable, " (skipped: reason)" otherwise (a failure on CI). */
export function skipNote(reason: string | undefined): string {
  return requirementUnmet(reason) ? ` (skipped: ${reason})` : '';
}
