/**
 * Finds chrootforge's `dist/cli/main.js` for node mode when the
 * `chrootforge.server.path` setting is empty. The extension does not bundle
 * the server: the one the user builds with is the one the editor checks
 * against, so verdicts never differ between the editor and CI.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The CLI script to run with node, or undefined when none is found.
 * Order: the setting; the workspace folders' `node_modules/chrootforge`
 * (a project-pinned version wins over a global one); `chrootforge` on PATH
 * (npm's global bin is a symlink to the script).
 */
export function resolveCliPath(
  setting: string,
  folders: readonly string[],
  pathEnv: string = process.env.PATH ?? '',
): string | undefined {
  if (setting) return setting;
  for (const folder of folders) {
    const local = join(folder, 'node_modules', 'chrootforge', 'dist', 'cli', 'main.js');
    if (existsSync(local)) return local;
  }
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'chrootforge');
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (real.endsWith('.js') || real.endsWith('.mjs')) return real;
  }
  return undefined;
}
