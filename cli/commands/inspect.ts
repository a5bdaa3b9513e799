/**
 * `chrootforge inspect`: what a configuration declares — variables (with
 * their values where known, sensitive ones masked), sources, builds and
 * provisioners in order. Like `packer inspect`, it does not fail on
 * validation errors; it prints what it can read.
 */
import type { Command } from 'commander';
import { isUnknown, type Analysis, type Severity, type Value } from '../../template/index.js';
import { loadConfiguration } from '../load-configuration.js';
import { collect } from '../options.js';

interface InspectOptions {
  var: string[];
  varFile: string[];
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show the variables, sources, builds and provisioners of a configuration')
    .argument('<path>', 'template file or directory')
    .option('--var <name=value>', 'set a variable (repeatable)', collect, [])
    .option('--var-file <file>', 'read variable values from a file (repeatable)', collect, [])
    .action(async (path: string, options: InspectOptions) => {
      const analysis = await loadConfiguration(path, { vars: options.var, varFiles: options.varFile });
      process.stdout.write(describe(analysis));
    });
}

export function describe(analysis: Analysis): string {
  const { config, evaluation } = analysis;
  const lines: string[] = [];
  lines.push('Variables:', '');
  if (config.variables.length === 0) lines.push('  <No variables>');
  for (const variable of config.variables) {
    const evaluated = evaluation.variables.get(variable.name);
    const shown = evaluated?.sensitive ? '<sensitive>' : show(evaluated?.value);
    lines.push(`  var.${variable.name}: ${shown}`);
  }
  lines.push('', 'Sources:', '');
  for (const source of config.sources) lines.push(`  ${source.type}.${source.name}`);
  lines.push('', 'Builds:', '');
  config.builds.forEach((build, index) => {
    lines.push(`  ${build.name ?? `<unnamed build ${index}>`}:`);
    for (const ref of build.sources) lines.push(`    source.${ref.type}.${ref.name}`);
    for (const provisioner of build.provisioners) lines.push(`    provisioner "${provisioner.type}"`);
    for (const postProcessor of build.postProcessors) lines.push(`    post-processor "${postProcessor.type}"`);
  });
  const footer = findingsFooter(analysis);
  if (footer) lines.push('', footer);
  return `${lines.join('\n')}\n`;
}

/**
 * `(1 validation error, 2 warnings; …)`: errors and warnings counted apart,
 * by the same severities `validate` reports (only errors make it exit 1).
 */
function findingsFooter(analysis: Analysis): string | undefined {
  const count = (severity: Severity) => analysis.diagnostics.filter((d) => d.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = count('error');
  const warnings = count('warning');
  const parts = [
    ...(errors > 0 ? [plural(errors, 'validation error')] : []),
    ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
  ];
  return parts.length > 0 ? `(${parts.join(', ')}; run chrootforge validate for details)` : undefined;
}

function show(value: Value | undefined): string {
  if (value === undefined || isUnknown(value)) return '<unknown>';
  return JSON.stringify(value);
}
