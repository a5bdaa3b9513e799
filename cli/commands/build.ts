/**
 * `chrootforge build [-var k=v] [-var-file F] [-only NAME] [-except NAME]
 * [-on-error cleanup|abort] [-machine-readable] TEMPLATE`.
 *
 * The template is analysed by the same engine as `validate` and the editor;
 * any error stops here, before anything on the host is touched. Host
 * problems (not root, no loop devices, a missing tool) likewise. Each
 * chroot source of the selected builds then runs through the runner.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS } from '../errors.js';
import { collect } from '../options.js';
import type { BuildResult } from '../../runner/build.js';
import type { Ui } from '../../runner/ui/ui.js';
import type { Analysis, BuildPlan } from '../../template/index.js';

interface BuildOptions {
  var: string[];
  varFile: string[];
  only: string[];
  except: string[];
  onError: string;
  machineReadable?: boolean;
}

/** Registers `build` on the program. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the image(s) of a template on loop devices (needs root)')
    .argument('<template>', 'template file or configuration directory')
    .option('--var <name=value>', 'set a variable (repeatable)', collect, [])
    .option('--var-file <file>', 'read variable values from a file (repeatable)', collect, [])
    .option('--only <name>', 'build only these sources/builds (repeatable, or comma-separated)', collect, [])
    .option('--except <name>', 'skip these sources/builds (repeatable, or comma-separated)', collect, [])
    .option('--on-error <mode>', 'cleanup (default): undo everything; abort: leave it for inspection', 'cleanup')
    .option('--machine-readable', "one event per line: Packer's timestamp,target,type,data")
    .action(async (template: string, options: BuildOptions) => {
      process.exitCode = await build(template, options);
    });
}

// The runner (execa, the steps) and the template engine load only when
// `build` runs: every other command starts faster for it. The template is
// analysed while the rest loads: the analysis waits on file reads and the
// parser's WebAssembly compilation, which run off the main thread.
async function build(template: string, options: BuildOptions): Promise<number> {
  if (options.onError !== 'cleanup' && options.onError !== 'abort')
    throw new CliError(`-on-error must be cleanup or abort, not ${JSON.stringify(options.onError)}`);
  const analysing = import('../load-configuration.js').then(({ loadConfiguration }) =>
    loadConfiguration(template, { vars: options.var, varFiles: options.varFile }),
  );
  // Awaited below; a rejection before then is not "unhandled".
  analysing.catch(() => undefined);
  const [
    { formatText },
    { hostProblems },
    { runBuild },
    { humanUi, machineReadableUi },
    { defaultStateDir },
    planning,
  ] = await Promise.all([
    import('../report/text.js'),
    import('../../runner/preflight.js'),
    import('../../runner/build.js'),
    import('../../runner/ui/ui.js'),
    import('../../runner/journal/journal.js'),
    import('../planning.js'),
  ]);
  const analysis = await analysing;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    process.stderr.write(formatText(errors));
    throw new CliError(`${template}: ${errors.length} error(s) in the template; nothing was built`, EXIT_FINDINGS);
  }
  const plans = plansOf(planning, analysis, template, options);
  const problems = hostProblems();
  if (problems.length > 0) throw new CliError(problems.join('\nchrootforge: '), EXIT_FINDINGS);
  const results: Array<{ plan: BuildPlan; result: BuildResult }> = [];
  for (const plan of plans) {
    const ui: Ui = options.machineReadable ? machineReadableUi(plan.buildName) : humanUi(plan.buildName);
    // The validate step re-checks the same analysis (and the host), so the
    // runner itself refuses a template with errors, as docs/design.md says.
    const result = await runBuild(plan, {
      ui,
      onError: options.onError,
      validate: () => formatText(errors).split('\n').filter(Boolean),
    });
    results.push({ plan, result });
    if (result.interrupted) break;
  }
  return summarize(results, options, defaultStateDir());
}

function plansOf(
  planning: typeof import('../planning.js'),
  analysis: Analysis,
  template: string,
  options: BuildOptions,
): BuildPlan[] {
  const { planBuilds, PlanError } = planning;
  const split = (list: string[]): string[] =>
    list
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
  let plans: BuildPlan[];
  try {
    plans = planBuilds(analysis, {
      // Absolute: the plan's paths are then absolute too, whatever the runner's working directory.
      templateDir: resolve(analysis.files[0] ? dirname(analysis.files[0].path) : '.'),
      // Relative local paths are opened from here, as Packer opens them (and as validation checked them).
      cwd: process.cwd(),
      only: split(options.only),
      except: split(options.except),
    });
  } catch (err) {
    if (err instanceof PlanError) throw new CliError(`${template}: ${err.message}`, EXIT_FINDINGS);
    throw err;
  }
  if (plans.length === 0)
    throw new CliError(
      `${template}: no chroot source selected to build (check -only/-except and the build blocks)`,
      EXIT_FINDINGS,
    );
  return plans;
}

/** Packer's closing lines, and the cleanup command when something was left. */
function summarize(
  results: Array<{ plan: BuildPlan; result: BuildResult }>,
  options: BuildOptions,
  stateDir: string,
): number {
  const out = (line: string): boolean => (options.machineReadable ? true : process.stdout.write(`${line}\n`));
  const failed = results.filter((r) => !r.result.ok);
  for (const { plan, result } of failed) {
    process.stderr.write(
      `Build '${plan.buildName}' errored: ${result.error?.message ?? result.cleanupErrors.map((e) => e.message).join('; ')}\n`,
    );
    if (result.journalPath) {
      const prefix = process.env.CHROOTFORGE_STATE_DIR ? `CHROOTFORGE_STATE_DIR=${stateDir} ` : '';
      process.stderr.write(
        `Resources of '${plan.buildName}' were left in place. Undo them with:\n  ${prefix}chrootforge cleanup --build-id ${result.buildId}\n`,
      );
    }
  }
  const done = results.filter((r) => r.result.ok && r.result.artifact);
  if (done.length > 0) {
    out('\n==> Builds finished. The artifacts of successful builds are:');
    for (const { plan, result } of done) {
      out(`--> ${plan.buildName}: ${result.artifact}`);
      for (const extra of result.extraArtifacts) out(`--> ${plan.buildName}: ${extra}`);
    }
  }
  if (results.some((r) => r.result.interrupted)) return 130;
  return failed.length > 0 ? EXIT_FINDINGS : 0;
}
