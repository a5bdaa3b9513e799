/**
 * environment_vars as Packer's shell provisioners pass them: `KEY='value'`
 * pairs, sorted by key, each value single-quoted with `'` written as
 * `'"'"'`, so quotes, `$`, backticks and spaces arrive verbatim.
 */
import { shellQuote } from '../process/shell-quote.js';
import { BuildError } from '../multistep/errors.js';

/** Parses `KEY=value` entries (the value may contain `=`) plus Packer's PACKER_* variables. */
export function environmentMap(vars: string[], buildName: string, builderType = 'chroot'): Map<string, string> {
  const env = new Map<string, string>([
    ['PACKER_BUILD_NAME', buildName.replace(/^chroot\./, '')],
    ['PACKER_BUILDER_TYPE', builderType],
  ]);
  for (const [key, value] of parseAssignments(vars, 'environment_vars')) env.set(key, value);
  return env;
}

/** `KEY=value` entries of `field` (the value may contain `=`), in order; a later key wins. */
export function parseAssignments(entries: string[], field: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new BuildError(`${field} entry ${JSON.stringify(entry)} is not KEY=value`);
    const key = entry.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new BuildError(`${field}: ${JSON.stringify(key)} is not a valid variable name`);
    env.set(key, entry.slice(eq + 1));
  }
  return env;
}

/** The `{{.Vars}}` text: `A='1' B='it'"'"'s'`. */
export function flattenEnvVars(env: Map<string, string>): string {
  return [...env.keys()]
    .sort()
    .map((key) => `${key}=${shellQuote(env.get(key)!)}`)
    .join(' ');
}
