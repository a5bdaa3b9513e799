import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerBuild(program: Command): void {
  program.command('build').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('build is not implemented yet', 70);
  });
}
