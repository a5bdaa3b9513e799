/**
 * Packer's closing lines after all builds ended (command/build.go): how
 * long the wait took, then the builds that errored, then the artifacts of
 * those that succeeded, with the same machine-readable events
 * (`error-count`, `NAME,error,…`, `NAME,artifact-count,…`,
 * `NAME,artifact,0,…`). chrootforge adds, for a build that left resources
 * (`-on-error abort`, a failed cleanup), the command that undoes them.
 */
import type { RunBuildsResult } from '../parallel-builds.js';
import { failureOf } from '../parallel-builds.js';
import type { CommandUi } from './command-ui.js';
import { packerDuration } from './duration.js';

/** Packer's id for artifacts of chrootforge's chroot builder (machine-readable `builder-id`). */
export const BUILDER_ID = 'chrootforge.chroot';

/** Prints the summary of `run`. `cleanupCommand(buildId)` is the command line that undoes a build's leftovers. */
export function reportBuilds(ui: CommandUi, run: RunBuildsResult, cleanupCommand: (buildId: string) => string): void {
  ui.say(`\n==> Wait completed after ${packerDuration(run.ms)}`);
  for (const { plan, result } of run.outcomes) {
    if (!result.journalPath) continue;
    ui.error(
      `Resources of '${plan.buildName}' were left in place. Undo them with:\n  ${cleanupCommand(result.buildId)}`,
    );
  }
  if (run.interrupted) {
    ui.say('Cleanly cancelled builds after being interrupted.');
    return;
  }
  const failed = run.outcomes.filter((o) => !o.result.ok);
  if (failed.length > 0) {
    ui.machine('', 'error-count', String(failed.length));
    ui.error("\n==> Some builds didn't complete successfully and had errors:");
    for (const { plan, result } of failed) {
      ui.machine(plan.buildName, 'error', failureOf(result));
      ui.error(`--> ${plan.buildName}: ${failureOf(result)}`);
    }
  }
  const built = run.outcomes.filter((o) => o.result.ok && o.result.artifact);
  if (built.length === 0) {
    ui.say('\n==> Builds finished but no artifacts were created.');
    return;
  }
  ui.say('\n==> Builds finished. The artifacts of successful builds are:');
  for (const { plan, result } of built) {
    const artifact = result.artifact!;
    const files = [artifact, ...result.extraArtifacts];
    const name = plan.buildName;
    ui.machine(name, 'artifact-count', '1');
    ui.machine(name, 'artifact', '0', 'builder-id', BUILDER_ID);
    ui.machine(name, 'artifact', '0', 'id', artifact);
    ui.machine(name, 'artifact', '0', 'string', artifact);
    ui.machine(name, 'artifact', '0', 'files-count', String(files.length));
    for (const [i, file] of files.entries()) ui.machine(name, 'artifact', '0', 'file', String(i), file);
    ui.machine(name, 'artifact', '0', 'end');
    for (const file of files) ui.say(`--> ${name}: ${file}`);
  }
}
