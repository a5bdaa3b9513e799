/**
 * `chrootforge cleanup [--build-id ID] [--force]`: undoes what builds that
 * died without cleaning up left (SIGKILL, -on-error abort, a failed
 * cleanup), from their journals: copied files restored, processes in the
 * chroot stopped, mounts unmounted in reverse, loop devices detached, temp
 * files removed.
 */
import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS } from '../errors.js';

interface CleanupOptions {
  buildId?: string;
  force?: boolean;
}

/** Registers `cleanup` on the program. */
export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('undo what killed builds left (mounts, loop devices, copied files), from the journal')
    .option('--build-id <id>', 'only this build (as printed by -on-error abort)')
    .option('--force', 'also journals whose build process still seems to be running')
    .action(async (options: CleanupOptions) => {
      if (process.getuid?.() !== 0)
        throw new CliError('cleanup must run as root (it unmounts and detaches loop devices)', EXIT_FINDINGS);
      // Loaded here, not at start-up: other commands do not pay for execa.
      const { defaultStateDir } = await import('../../runner/journal/journal.js');
      const { recoverAll } = await import('../../runner/journal/recover.js');
      const stateDir = defaultStateDir();
      const reports = await recoverAll(stateDir, {
        buildId: options.buildId,
        force: options.force,
        warn: (t) => process.stderr.write(`warning: ${t}\n`),
      });
      if (reports.length === 0) {
        process.stdout.write(
          options.buildId
            ? `No journal of build ${options.buildId} in ${stateDir}: nothing to clean up.\n`
            : `Nothing to clean up (no journals in ${stateDir}).\n`,
        );
        return;
      }
      let failed = 0;
      for (const report of reports) {
        process.stdout.write(`==> build ${report.buildId}\n`);
        for (const action of report.actions) process.stdout.write(`    ${action}\n`);
        for (const error of report.errors) process.stderr.write(`    error: ${error}\n`);
        if (!report.recovered) failed++;
      }
      if (failed > 0)
        throw new CliError(`${failed} build(s) could not be fully cleaned up; their journals were kept`, EXIT_FINDINGS);
    });
}
