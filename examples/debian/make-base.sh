#!/usr/bin/env bash
# Makes the base of the Debian examples: a minimal Debian root (debootstrap
# --variant=minbase) packed as a rootfs tarball. The templates lay it onto a
# freshly partitioned disk and install the kernel, systemd and the
# bootloader with apt inside the chroot.
#
# Usage (as root): examples/debian/make-base.sh ARCH [OUT.tar.zst]
#   ARCH  amd64 or arm64 (arm64 on another host runs the second stage
#         through qemu-user-static and binfmt_misc)
#   OUT   default: examples/debian/base-ARCH.tar.zst
# Environment: SUITE (default bookworm), MIRROR (default http://deb.debian.org/debian).
#
# Takes 1–2 minutes for the host's architecture and about 4–6 for a foreign
# one. The result depends only on this script's text, ARCH, SUITE and the
# mirror's state: callers may cache it by those (the tests do).
set -euo pipefail

arch=${1:-}
case "$arch" in
  amd64 | arm64) ;;
  *) echo "usage: $0 amd64|arm64 [OUT.tar.zst]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-"$here/base-$arch.tar.zst"}
suite=${SUITE:-bookworm}
mirror=${MIRROR:-http://deb.debian.org/debian}
# What the templates need before their own apt-get runs: a way to fetch
# packages (ca-certificates for https mirrors) and nothing else.
include=ca-certificates

[ "$(id -u)" -eq 0 ] || { echo "make-base: run as root (debootstrap creates device nodes and owners)" >&2; exit 1; }
for tool in debootstrap tar zstd; do
  command -v "$tool" >/dev/null || { echo "make-base: $tool not found: run scripts/install-deps.sh" >&2; exit 1; }
done

host_arch=$(dpkg --print-architecture)
foreign=()
if [ "$arch" != "$host_arch" ]; then
  # A foreign root runs its programs through qemu-user-static, which the
  # kernel finds through binfmt_misc (Debian registers it with the F flag).
  qemu_arch=$(case "$arch" in arm64) echo aarch64 ;; amd64) echo x86_64 ;; esac)
  binfmt=/proc/sys/fs/binfmt_misc
  grep -qs "^binfmt_misc $binfmt " /proc/mounts || mount -t binfmt_misc binfmt_misc "$binfmt"
  if [ ! -e "$binfmt/qemu-$qemu_arch" ]; then
    command -v update-binfmts >/dev/null || { echo "make-base: apt-get install qemu-user-static binfmt-support" >&2; exit 1; }
    update-binfmts --enable "qemu-$qemu_arch"
  fi
  foreign=(--foreign)
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/make-base-$arch.XXXXXX")
tmp_out="$out.tmp-$$"
cleanup() {
  # debootstrap mounts /proc and /sys in the target while it works; an
  # interrupted run may leave them.
  for m in $(awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" || true; done
  rm -rf "$work" "$tmp_out"
}
trap cleanup EXIT

root="$work/root"
echo "make-base: debootstrap $suite $arch from $mirror"
debootstrap --variant=minbase --arch="$arch" --include="$include" "${foreign[@]}" "$suite" "$root" "$mirror"
if [ ${#foreign[@]} -gt 0 ]; then
  echo "make-base: second stage inside the $arch root (emulated)"
  chroot "$root" /debootstrap/debootstrap --second-stage
fi

# No downloaded packages, no apt lists, no machine identity in the base.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
: >"$root/etc/machine-id"
# debootstrap copies the build host's resolver, name and hosts: not the image's.
rm -f "$root/etc/resolv.conf"
echo localhost >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
printf 'deb %s %s main\ndeb %s %s-updates main\ndeb http://deb.debian.org/debian-security %s-security main\n' \
  "$mirror" "$suite" "$mirror" "$suite" "$suite" >"$root/etc/apt/sources.list"

tar --numeric-owner --xattrs --xattrs-include='*' --acls -C "$root" -c . | zstd -q -T0 -9 -o "$tmp_out"
mv -f "$tmp_out" "$out"
echo "made $out ($(du -h "$out" | cut -f1))"
