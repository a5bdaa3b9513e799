/**
 * `chrootforge validate`: the editor's verdicts for pre-commit and CI.
 * Exit 0: no errors; 1: errors found; 2: usage or I/O error.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Diagnostic } from '../../template/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { loadConfiguration } from '../load-configuration.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { collect } from '../options.js';
import { packageVersion } from '../version.js';

interface ValidateOptions {
  format: ReportFormat;
  var: string[];
  varFile: string[];
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check templates (a file, or a directory as one configuration) and report diagnostics')
    .argument('<path...>', 'template files or directories')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('--var <name=value>', 'set a variable (repeatable)', collect, [])
    .option('--var-file <file>', 'read variable values from a file (repeatable)', collect, [])
    .action(async (paths: string[], options: ValidateOptions) => {
      const diagnostics: Diagnostic[] = [];
      for (const path of paths) {
        const analysis = await loadConfiguration(path, { vars: options.var, varFiles: options.varFile });
        diagnostics.push(...analysis.diagnostics);
      }
      process.stdout.write(formatReport(options.format, diagnostics, packageVersion()));
      process.exitCode = diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
    });
}
