/**
 * `chrootforge build [-var k=v] [-var-file F] [-only NAME] [-except NAME]
 * [-on-error cleanup|abort] [-parallel-builds N] [-color=false]
 * [-machine-readable] TEMPLATE`.
 *
 * The template is analysed by the same engine as `validate` and the editor;
 * any error stops here, before anything on the host is touched. Host
 * problems (not root, no loop devices, a missing tool) likewise. The
 * sources of the selected builds (chroot, arm, arm-image) then run at once
 * (runner/parallel-builds.ts), as Packer runs them, and Packer's summary
 * closes the output.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS } from '../errors.js';
import { collect } from '../options.js';
import type { Analysis, BuildPlan } from '../../template/index.js';

interface BuildOptions {
  var: string[];
  varFile: string[];
  only: string[];
  except: string[];
  onError: string;
  parallelBuilds: string;
  color?: string | boolean;
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
    .option('--parallel-builds <n>', 'how many builds run at once: 0 = all (default), 1 = one after another', '0')
    .option('--color [bool]', 'each build in its own colour (default: on a terminal); -color=false turns it off')
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
  const parallelBuilds = parseParallelBuilds(options.parallelBuilds);
  const color = parseColor(options.color);
  const analysing = import('../load-configuration.js').then(({ loadConfiguration }) =>
    loadConfiguration(template, { vars: options.var, varFiles: options.varFile }),
  );
  // Awaited below; a rejection before then is not "unhandled".
  analysing.catch(() => undefined);
  const [
    { formatText },
    { hostProblems },
    { runBuilds },
    { humanCommandUi, machineCommandUi },
    { colorsWanted },
    { reportBuilds },
    { BuildError },
    { defaultStateDir },
    planning,
  ] = await Promise.all([
    import('../report/text.js'),
    import('../../runner/preflight.js'),
    import('../../runner/parallel-builds.js'),
    import('../../runner/ui/command-ui.js'),
    import('../../runner/ui/colors.js'),
    import('../../runner/ui/build-summary.js'),
    import('../../runner/multistep/errors.js'),
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
  const ui = options.machineReadable
    ? machineCommandUi()
    : humanCommandUi({ color: colorsWanted(process.stdout, process.env, color) });
  let run: Awaited<ReturnType<typeof runBuilds>>;
  try {
    run = await runBuilds(plans, {
      ui,
      parallelBuilds,
      onError: options.onError,
      // The validate step re-checks the same analysis (and the host), so the
      // runner itself refuses a template with errors, as docs/design.md says.
      validate: () => formatText(errors).split('\n').filter(Boolean),
    });
  } catch (err) {
    if (err instanceof BuildError)
      throw new CliError(`${template}: ${err.message.replace(/\n/g, `\n${template}: `)}`, EXIT_FINDINGS);
    throw err;
  }
  const stateDir = defaultStateDir();
  const prefix = process.env.CHROOTFORGE_STATE_DIR ? `CHROOTFORGE_STATE_DIR=${stateDir} ` : '';
  reportBuilds(ui, run, (buildId) => `${prefix}chrootforge cleanup --build-id ${buildId}`);
  if (run.interrupted) return 130;
  return run.outcomes.some((o) => !o.result.ok) ? EXIT_FINDINGS : 0;
}

/** Packer's -parallel-builds: a whole number, 0 (or less, as Packer takes it) meaning no limit. */
function parseParallelBuilds(text: string): number {
  if (!/^-?\d+$/.test(text.trim()))
    throw new CliError(
      `-parallel-builds must be a whole number (0 = no limit, 1 = one at a time), not ${JSON.stringify(text)}`,
    );
  return Math.max(Number(text), 0);
}

/** `-color`, `-color=true`, `-color=false` (Go's boolean flag spellings); undefined when not given. */
function parseColor(value: string | boolean | undefined): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  throw new CliError(`-color must be true or false, not ${JSON.stringify(value)}`);
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
      `${template}: no source selected to build (check -only/-except and the build blocks)`,
      EXIT_FINDINGS,
    );
  return plans;
}
