import type { Command } from 'commander';
import { CliError } from '../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
export function registerLsp(program: Command): void {
  program.command('lsp').allowUnknownOption().allowExcessArguments().action(() => {
    throw new CliError('lsp is not implemented yet', 70);
  });
}
