import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerInspect(program: Command): void {
  program.command('inspect').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('inspect is not implemented yet', 70);
  });
}
