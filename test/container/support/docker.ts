/**
 * Docker helpers for the container tests: make the engine answer, run the
 * docker client, and the flags that stand for `--privileged` on hosts where
 * it fails (ENVIRONMENT.md: CAP_SYS_RESOURCE is missing from the bounding
 * set on the project's VMs, so Docker cannot grant "all" capabilities).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** Why no Docker engine can be used, after trying to install and start one; undefined when one answers. */
export function ensureDocker(): string | undefined {
  const r = spawnSync('bash', [join(repoRoot, 'test', 'container', 'ensure-docker.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status === 0) return undefined;
  return `no Docker engine: ${(r.stdout + r.stderr).trim().split('\n').pop() ?? 'ensure-docker.sh failed'}`;
}

/** Runs the docker client; throws with its output when it fails. */
export function docker(args: string[], options: { timeout?: number; input?: string } = {}): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout ?? 120_000,
    input: options.input,
  });
}

/** Runs the docker client and returns status and output, never throwing. */
export function dockerResult(
  args: string[],
  timeout = 300_000,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** What `--privileged` does, spelled so it works without CAP_SYS_RESOURCE. */
export const PRIVILEGED_EQUIVALENT = [
  '--cap-add',
  'ALL',
  '--cap-drop',
  'SYS_RESOURCE',
  '--security-opt',
  'seccomp=unconfined',
  '--security-opt',
  'apparmor=unconfined',
  '--device-cgroup-rule',
  'b *:* rwm',
  '--device-cgroup-rule',
  'c *:* rwm',
];

/** `--privileged` where the engine grants it, else the equivalent flags. */
export function privilegedArgs(image: string): string[] {
  const plain = dockerResult(['run', '--rm', '--privileged', '--entrypoint', 'true', image], 60_000);
  return plain.status === 0 ? ['--privileged'] : PRIVILEGED_EQUIVALENT;
}

/** Ids of containers started from `image` (running or not). */
export function containersOf(image: string): string[] {
  return docker(['ps', '-aq', '--filter', `ancestor=${image}`])
    .split('\n')
    .filter(Boolean);
}
