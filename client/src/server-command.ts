/**
 * The command lines the extension runs: the language server, one-shot CLI
 * commands (validate) and the build terminal. Pure functions of the
 * settings and the workspace folders, so every mode is unit-tested without
 * VS Code; nothing here imports `vscode`.
 */

/** How the CLI is started: a local Node process or a container. */
export type ServerMode = 'node' | 'docker';

/** The extension settings that shape a command line (`chrootforge.server.*`). */
export interface ServerSettings {
  mode: ServerMode;
  /** The Node executable for node mode. */
  nodePath: string;
  /** chrootforge's `dist/cli/main.js` for node mode (resolved by the caller). */
  cliPath: string;
  /** The image for docker mode. */
  image: string;
  /** Extra arguments: docker options before the image in docker mode, node options before the script in node mode. */
  extraArgs: readonly string[];
  /** The docker client executable. */
  dockerPath: string;
}

/** A program and its arguments, run without a shell. */
export interface CommandLine {
  command: string;
  args: string[];
}

/**
 * Runs `chrootforge <cliArgs>` in the chosen mode.
 *
 * Docker mode mounts every workspace folder read-only at its own path, so
 * file URIs mean the same inside and outside the container and need no
 * rewriting; `-i` keeps stdin open for the protocol and `-t` is never
 * given (a tty would mangle the byte stream). `--network none`: the
 * server reads local files only.
 */
export function chrootforgeCommand(
  settings: ServerSettings,
  folders: readonly string[],
  cliArgs: readonly string[],
): CommandLine {
  if (settings.mode === 'node') {
    if (!settings.cliPath)
      throw new Error(
        'chrootforge.server.path is not set and chrootforge was not found: install it (npm install -g chrootforge) or set the path to dist/cli/main.js',
      );
    return { command: settings.nodePath || 'node', args: [...settings.extraArgs, settings.cliPath, ...cliArgs] };
  }
  if (!settings.image) throw new Error('chrootforge.server.image is empty: name the chrootforge image to run');
  const mounts = uniqueFolders(folders).flatMap((folder) => ['-v', `${mountablePath(folder)}:${folder}:ro`]);
  const workdir = folders.length > 0 ? ['-w', folders[0]!] : [];
  assertNoTty(settings.extraArgs);
  return {
    command: settings.dockerPath || 'docker',
    args: [
      'run',
      '-i',
      '--rm',
      '--network',
      'none',
      ...mounts,
      ...workdir,
      ...settings.extraArgs,
      settings.image,
      ...cliArgs,
    ],
  };
}

/** The language server over stdio, in the chosen mode. */
export function serverCommand(settings: ServerSettings, folders: readonly string[]): CommandLine {
  return chrootforgeCommand(settings, folders, ['lsp', '--stdio']);
}

/** The settings of the build terminal (`chrootforge.build.*`). */
export interface BuildSettings {
  image: string;
  dockerPath: string;
  /** Stand-ins for `--privileged` on hosts where it fails (see the README). */
  privilegedArgs: readonly string[];
  extraArgs: readonly string[];
}

/**
 * `docker run` for building `template` in a terminal: root, all devices and
 * the host's /dev (loop devices and their partition nodes appear there).
 * The template's folder is mounted read-write at its own path (artifacts
 * are written next to it, and paths in messages match the host's). A tty is
 * fine here: a person watches the progress.
 */
export function buildCommand(
  settings: BuildSettings,
  folder: string,
  template: string,
  buildArgs: readonly string[] = [],
): CommandLine {
  if (!settings.image) throw new Error('chrootforge.server.image is empty: name the chrootforge image to run');
  return {
    command: settings.dockerPath || 'docker',
    args: [
      'run',
      '--rm',
      '-it',
      ...settings.privilegedArgs,
      '-v',
      '/dev:/dev',
      '-v',
      `${mountablePath(folder)}:${folder}`,
      '-w',
      folder,
      ...settings.extraArgs,
      settings.image,
      'build',
      ...buildArgs,
      template,
    ],
  };
}

function uniqueFolders(folders: readonly string[]): string[] {
  return [...new Set(folders)];
}

/** `-v` splits on ':', so a path holding one cannot be mounted this way. */
function mountablePath(path: string): string {
  if (!path.startsWith('/')) throw new Error(`cannot mount ${path} into the container: an absolute path is needed`);
  if (path.includes(':'))
    throw new Error(`cannot mount ${path} into the container: docker -v does not accept ':' in a path`);
  return path;
}

/** A tty in the server's container corrupts the protocol stream. */
function assertNoTty(extraArgs: readonly string[]): void {
  const tty = extraArgs.find(
    (a) => a === '-t' || a === '--tty' || a.startsWith('--tty=') || /^-[a-z]*t[a-z]*$/.test(a),
  );
  if (tty)
    throw new Error(
      `chrootforge.server.extraArgs has ${tty}: the language server's container must not get a tty (it corrupts the protocol)`,
    );
}
