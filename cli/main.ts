/**
 * The `chrootforge` command (started by cli/launch.ts). Each subcommand lives in cli/commands/<name>.ts
 * and registers itself on the program; this file only wires them and turns
 * every failure into one clear line and an exit code (never a stack trace).
 */
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_USAGE } from './errors.js';
import { packageVersion } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded on demand: a one-file lint must not pay for
 * importing the runner or the language server (start-up is most of its time).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  fmt: async () => (await import('./commands/fmt.js')).registerFmt,
  inspect: async () => (await import('./commands/inspect.js')).registerInspect,
  build: async () => (await import('./commands/build.js')).registerBuild,
  cleanup: async () => (await import('./commands/cleanup.js')).registerCleanup,
  lsp: async () => (await import('./commands/lsp.js')).registerLsp,
};

/** The program with the named command registered, or all of them (for help and unknown names). */
export async function createProgram(commandName?: string): Promise<Command> {
  const program = new Command('chrootforge')
    .description('Build OS disk images from Packer-style chroot templates')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const wanted = commandName && COMMANDS[commandName] ? [COMMANDS[commandName]!] : Object.values(COMMANDS);
  for (const register of await Promise.all(wanted.map((load) => load()))) register(program);
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

/** `chrootforge … | head`: a closed stdout ends the command quietly, as Unix tools do. */
function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe();
  try {
    await (await createProgram(argv[2])).parseAsync(normalizePackerFlags(argv));
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

// Not awaited at the top level: the build bundles this module as CommonJS (cli/launch.ts).
void main(process.argv);
