import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerFmt(program: Command): void {
  program.command('fmt').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('fmt is not implemented yet', 70);
  });
}
