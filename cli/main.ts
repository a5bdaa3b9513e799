#!/usr/bin/env node
/**
 * The `chrootforge` command. Each subcommand lives in cli/commands/<name>.ts
 * and registers itself on the program; this file only wires them and turns
 * every failure into one clear line and an exit code (never a stack trace).
 */
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_USAGE } from './errors.js';
import { packageVersion } from './version.js';
import { registerValidate } from './commands/validate.js';
import { registerFmt } from './commands/fmt.js';
import { registerInspect } from './commands/inspect.js';
import { registerBuild } from './commands/build.js';
import { registerCleanup } from './commands/cleanup.js';
import { registerLsp } from './commands/lsp.js';

export function createProgram(): Command {
  const program = new Command('chrootforge')
    .description('Build OS disk images from Packer-style chroot templates')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of [registerValidate, registerFmt, registerInspect, registerBuild, registerCleanup, registerLsp]) {
    register(program);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/**
 * Packer spells long flags with one dash (`-var`, `-only`, `-check`);
 * commander wants two. Rewrites `-word[=v]` to `--word[=v]` before parsing.
 */
export function normalizePackerFlags(argv: string[]): string[] {
  return argv.map((arg, i) => (i >= 2 && /^-[a-z][a-z-]+(=.*)?$/s.test(arg) ? `-${arg}` : arg));
}

async function main(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(normalizePackerFlags(argv));
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end with code 0; everything else is a usage error.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof CliError) {
    if (err.message) process.stderr.write(`chrootforge: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`chrootforge: internal error: ${message}\n`);
  if (process.env.CHROOTFORGE_DEBUG) console.error(err);
  return 70;
}

await main(process.argv);
