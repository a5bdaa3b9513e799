import { describe, expect, it } from 'vitest';
import {
  buildCommand,
  chrootforgeCommand,
  serverCommand,
  type BuildSettings,
  type ServerSettings,
} from '../../client/src/server-command.js';

const node: ServerSettings = {
  mode: 'node',
  nodePath: 'node',
  cliPath: '/opt/cf/dist/cli/main.js',
  image: 'chrootforge:latest',
  extraArgs: [],
  dockerPath: 'docker',
};
const docker: ServerSettings = { ...node, mode: 'docker', cliPath: '' };

describe('serverCommand: node mode', () => {
  it('runs node on the CLI script with lsp --stdio', () => {
    expect(serverCommand(node, ['/home/u/ws'])).toEqual({
      command: 'node',
      args: ['/opt/cf/dist/cli/main.js', 'lsp', '--stdio'],
    });
  });

  it('uses the configured node and puts extra args before the script (node options)', () => {
    const line = serverCommand(
      { ...node, nodePath: '/usr/local/bin/node22', extraArgs: ['--max-old-space-size=512'] },
      [],
    );
    expect(line).toEqual({
      command: '/usr/local/bin/node22',
      args: ['--max-old-space-size=512', '/opt/cf/dist/cli/main.js', 'lsp', '--stdio'],
    });
  });

  it('refuses to start without a script path, naming the setting', () => {
    expect(() => serverCommand({ ...node, cliPath: '' }, [])).toThrow(/chrootforge\.server\.path/);
  });
});

describe('serverCommand: docker mode', () => {
  it('is docker run -i --rm --network none with a same-path read-only mount, the folder as workdir, then the image and lsp --stdio', () => {
    expect(serverCommand(docker, ['/home/u/ws'])).toEqual({
      command: 'docker',
      args: [
        'run',
        '-i',
        '--rm',
        '--network',
        'none',
        '-v',
        '/home/u/ws:/home/u/ws:ro',
        '-w',
        '/home/u/ws',
        'chrootforge:latest',
        'lsp',
        '--stdio',
      ],
    });
  });

  it('never asks for a tty', () => {
    const { args } = serverCommand({ ...docker, extraArgs: ['--user', '1000:1000'] }, ['/a', '/b']);
    expect(args.filter((a) => a === '-t' || a === '--tty' || a === '-it' || a === '-ti')).toEqual([]);
    expect(args).toContain('-i');
  });

  it('mounts every workspace folder at its own path (once) and works in the first', () => {
    const { args } = serverCommand(docker, ['/srv/images', '/home/u/shared', '/srv/images']);
    expect(args).toEqual([
      'run',
      '-i',
      '--rm',
      '--network',
      'none',
      '-v',
      '/srv/images:/srv/images:ro',
      '-v',
      '/home/u/shared:/home/u/shared:ro',
      '-w',
      '/srv/images',
      'chrootforge:latest',
      'lsp',
      '--stdio',
    ]);
  });

  it('puts extra args between the docker options and the image, and honours dockerPath and image', () => {
    const line = serverCommand(
      {
        ...docker,
        dockerPath: 'podman',
        image: 'registry.example/cf:1.2',
        extraArgs: ['--user', '1000:1000', '-e', 'X=1'],
      },
      ['/w'],
    );
    expect(line.command).toBe('podman');
    const image = line.args.indexOf('registry.example/cf:1.2');
    expect(line.args.slice(image - 4, image)).toEqual(['--user', '1000:1000', '-e', 'X=1']);
    expect(line.args.slice(image + 1)).toEqual(['lsp', '--stdio']);
  });

  it('keeps paths with spaces as one argument (no shell is involved)', () => {
    const { args } = serverCommand(docker, ['/home/u/my images']);
    expect(args).toContain('/home/u/my images:/home/u/my images:ro');
    expect(args[args.indexOf('-w') + 1]).toBe('/home/u/my images');
  });

  it('runs without mounts when no folder is open', () => {
    expect(serverCommand(docker, []).args).toEqual([
      'run',
      '-i',
      '--rm',
      '--network',
      'none',
      'chrootforge:latest',
      'lsp',
      '--stdio',
    ]);
  });

  it.each([['-t'], ['--tty'], ['-it'], ['--tty=true']])('rejects %s in extraArgs', (flag) => {
    expect(() => serverCommand({ ...docker, extraArgs: [flag] }, ['/w'])).toThrow(/tty/);
  });

  it('rejects folders -v cannot express, and an empty image', () => {
    expect(() => serverCommand(docker, ['/a:b'])).toThrow(/':'/);
    expect(() => serverCommand(docker, ['relative/path'])).toThrow(/absolute/);
    expect(() => serverCommand({ ...docker, image: '' }, ['/w'])).toThrow(/chrootforge\.server\.image/);
  });
});

describe('chrootforgeCommand: one-shot CLI runs share the mode', () => {
  it('validate in docker runs the same container shape with the CLI arguments', () => {
    const { args } = chrootforgeCommand(docker, ['/w'], ['validate', '--format', 'json', '/w']);
    expect(args.slice(-5)).toEqual(['chrootforge:latest', 'validate', '--format', 'json', '/w']);
    expect(args).toContain('/w:/w:ro');
  });
});

describe('buildCommand', () => {
  const build: BuildSettings = {
    image: 'chrootforge:latest',
    dockerPath: 'docker',
    privilegedArgs: ['--privileged'],
    extraArgs: [],
  };

  it('is docker run with privileges, the host /dev and a read-write same-path mount', () => {
    expect(buildCommand(build, '/home/u/ws', '/home/u/ws/pi.pkr.hcl')).toEqual({
      command: 'docker',
      args: [
        'run',
        '--rm',
        '-it',
        '--privileged',
        '-v',
        '/dev:/dev',
        '-v',
        '/home/u/ws:/home/u/ws',
        '-w',
        '/home/u/ws',
        'chrootforge:latest',
        'build',
        '/home/u/ws/pi.pkr.hcl',
      ],
    });
  });

  it('takes the privileged-equivalent flags and build arguments', () => {
    const equivalent = ['--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE', '--security-opt', 'seccomp=unconfined'];
    const { args } = buildCommand({ ...build, privilegedArgs: equivalent }, '/w', '/w/t.pkr.hcl', ['-var', 'x=1']);
    expect(args).not.toContain('--privileged');
    expect(args.slice(3, 3 + equivalent.length)).toEqual(equivalent);
    expect(args.slice(-4)).toEqual(['build', '-var', 'x=1', '/w/t.pkr.hcl']);
  });
});
