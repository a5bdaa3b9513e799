/**
 * POSIX shell quoting. Single quotes make the shell expand nothing; a single
 * quote inside is written as `'"'"'` (close, double-quoted quote, reopen), the
 * same escape Packer's shell provisioner uses for environment_vars.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}
