import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerValidate(program: Command): void {
  program.command('validate').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('validate is not implemented yet', 70);
  });
}
