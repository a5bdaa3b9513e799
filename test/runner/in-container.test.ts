/**
 * Telling a container from a host, and the qemu advice that depends on it.
 * The facts are the texts the kernel gives (samples taken from a Docker
 * container and from this project's VM, whose root file system still has
 * the /.dockerenv of the image it was made from).
 */
import { describe, expect, it } from 'vitest';
import { containerFacts, isContainer, type ContainerFacts } from '../../runner/in-container.js';
import { noBinfmtEntryMessage } from '../../runner/steps/qemu-setup.js';

const VM_MOUNTINFO = [
  '22 27 0:21 / /proc rw,relatime - proc proc rw',
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
  '24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,mode=755',
].join('\n');
const V1_HOST_CGROUP = '9:name=systemd:/\n4:memory:/process_api/f5306e078a68\n1:cpu:/\n0::/\n';
const DOCKER_MOUNTINFO = [
  '72 48 0:39 / / rw,relatime master:2 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/VF5W',
  '89 72 254:0 /var/lib/docker/containers/b09f/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw',
  '90 72 254:0 /var/lib/docker/containers/b09f/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw',
].join('\n');
const DOCKER_V1_CGROUP = '9:name=systemd:/docker/b09f96a54f21\n1:cpu:/docker/b09f96a54f21\n0::/docker/b09f96a54f21\n';

const host: ContainerFacts = { dockerenv: false, containerenv: false, cgroup: V1_HOST_CGROUP, mountinfo: VM_MOUNTINFO };

describe('isContainer', () => {
  it('a plain host is not a container', () => {
    expect(isContainer(host)).toBe(false);
  });
  it('a VM with a stale /.dockerenv and an ext4 root is not a container', () => {
    expect(isContainer({ ...host, dockerenv: true })).toBe(false);
  });
  it('Docker (cgroup v1 paths, engine bind mounts, overlay root) is', () => {
    expect(
      isContainer({ dockerenv: true, containerenv: false, cgroup: DOCKER_V1_CGROUP, mountinfo: DOCKER_MOUNTINFO }),
    ).toBe(true);
  });
  it('Docker with a private cgroup namespace (cgroup reads "0::/") is, by its bind mounts', () => {
    expect(isContainer({ dockerenv: true, containerenv: false, cgroup: '0::/\n', mountinfo: DOCKER_MOUNTINFO })).toBe(
      true,
    );
    expect(isContainer({ dockerenv: false, containerenv: false, cgroup: '0::/\n', mountinfo: DOCKER_MOUNTINFO })).toBe(
      true,
    );
  });
  it('/.dockerenv with an overlay root is', () => {
    expect(isContainer({ ...host, dockerenv: true, mountinfo: DOCKER_MOUNTINFO.split('\n')[0]! })).toBe(true);
    expect(isContainer({ ...host, dockerenv: false, mountinfo: DOCKER_MOUNTINFO.split('\n')[0]! })).toBe(false);
  });
  it('podman (/run/.containerenv) and systemd-nspawn/LXC ($container) are', () => {
    expect(isContainer({ ...host, containerenv: true })).toBe(true);
    expect(isContainer({ ...host, containerVar: 'lxc' })).toBe(true);
    expect(isContainer({ ...host, cgroup: '0::/kubepods/besteffort/pod1/abc\n' })).toBe(true);
  });
  it('the facts of this machine are read (mountinfo and cgroup are never empty on Linux)', () => {
    const facts = containerFacts({});
    expect(facts.mountinfo).toMatch(/ \/ /);
    expect(facts.cgroup).toMatch(/^\d+:/m);
    expect(facts.containerVar).toBeUndefined();
  });
});

describe('the advice when no binfmt_misc entry uses qemu_binary', () => {
  it('on a host: install and register qemu-user-static there', () => {
    const m = noBinfmtEntryMessage('qemu-aarch64-static', false);
    expect(m).toMatch(/^qemu_binary qemu-aarch64-static: no binfmt_misc entry uses it/);
    expect(m).toContain('apt-get install qemu-user-static binfmt-support');
    expect(m).not.toMatch(/container|tonistiigi/);
  });
  it('in a container: register on the host (tonistiigi/binfmt with the Docker arch name, or qemu-user-static on the host)', () => {
    const m = noBinfmtEntryMessage('/usr/bin/qemu-aarch64-static', true);
    expect(m).toMatch(/^qemu_binary \/usr\/bin\/qemu-aarch64-static: no binfmt_misc entry uses it/);
    expect(m).toContain('docker run --privileged --rm tonistiigi/binfmt --install arm64');
    expect(m).toContain('apt-get install qemu-user-static on the host');
    expect(m).not.toContain('binfmt-support');
    expect(noBinfmtEntryMessage('qemu-arm-static', true)).toContain('--install arm ');
    expect(noBinfmtEntryMessage('qemu-riscv64', true)).toContain('--install riscv64 ');
    expect(noBinfmtEntryMessage('/opt/my-emulator', true)).toContain('--install all ');
  });
});
