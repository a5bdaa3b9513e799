/** Exit codes shared by all commands (see docs/design.md, The command line). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_FMT_CHECK = 3;

/** An expected failure: printed as one line `chrootforge: message`, no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
