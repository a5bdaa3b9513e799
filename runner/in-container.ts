/**
 * Whether chrootforge runs inside a container. What a container cannot fix
 * from the inside (binfmt_misc entries belong to the host's kernel) is then
 * advised as a step on the host.
 *
 * `/.dockerenv` alone is not trusted: machines whose root file system was
 * made from a Docker image keep it (this project's own VMs do), so it only
 * counts together with a sign of a running container: the engine's bind
 * mounts of /etc/hostname, /etc/hosts or /etc/resolv.conf, an overlay root,
 * or a container cgroup.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseMountinfo } from './chroot/mountinfo.js';

/** What the decision rests on (read from the system by {@link containerFacts}). */
export interface ContainerFacts {
  /** `/.dockerenv` exists. */
  dockerenv: boolean;
  /** `/run/.containerenv` exists (podman, buildah). */
  containerenv: boolean;
  /** The `container` environment variable (systemd-nspawn, LXC, podman set it). */
  containerVar?: string;
  /** Text of /proc/1/cgroup. */
  cgroup: string;
  /** Text of /proc/self/mountinfo. */
  mountinfo: string;
}

/** Reads the facts from this system. */
export function containerFacts(env: NodeJS.ProcessEnv = process.env): ContainerFacts {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    dockerenv: existsSync('/.dockerenv'),
    containerenv: existsSync('/run/.containerenv'),
    containerVar: env.container,
    cgroup: read('/proc/1/cgroup'),
    mountinfo: read('/proc/self/mountinfo'),
  };
}

const CONTAINER_CGROUP = /^\d+:[^:]*:.*\/(docker|kubepods|containerd|libpod|lxc|crio|buildkit)\b/m;
const ENGINE_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

/** Whether the facts say "inside a container". */
export function isContainer(facts: ContainerFacts): boolean {
  if (facts.containerenv || facts.containerVar) return true;
  if (CONTAINER_CGROUP.test(facts.cgroup)) return true;
  const mounts = parseMountinfo(facts.mountinfo);
  // Docker, podman and Kubernetes bind-mount these files into every container.
  if (mounts.some((m) => ENGINE_FILES.has(m.mountPoint))) return true;
  return facts.dockerenv && mounts.some((m) => m.mountPoint === '/' && m.fstype === 'overlay');
}

/** Whether this process runs inside a container. */
export function runningInContainer(): boolean {
  return isContainer(containerFacts());
}
