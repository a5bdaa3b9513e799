import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerCleanup(program: Command): void {
  program.command('cleanup').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('cleanup is not implemented yet', 70);
  });
}
