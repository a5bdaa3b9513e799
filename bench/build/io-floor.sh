#!/usr/bin/env bash
# The floor of the I/O scenario (io.mjs): the build of io.pkr.hcl written by
# hand, as one would script it without a tool. Sparse copy, loop device with
# partitions, root + proc, sysfs, /dev bind, devpts, the provisioner's work in
# `chroot sh -c`, unmount all, detach, move the image to its final name.
#
# Usage: io-floor.sh BASE_IMAGE OUT_IMAGE   (as root)
set -euo pipefail
base=$1 out=$2
work=$(mktemp -d "$(dirname "$out")/.floor-XXXXXX")
img="$work/working.img"
root="$work/root"
dev=

cleanup() {
  set +e
  for m in dev/pts dev sys proc; do mountpoint -q "$root/$m" && umount "$root/$m"; done
  mountpoint -q "$root" && umount "$root"
  [ -n "$dev" ] && losetup -d "$dev"
  rm -rf "$work"
}
trap cleanup EXIT

cp --sparse=always "$base" "$img"
dev=$(losetup --find --show --partscan "$img")
[ -b "${dev}p1" ] || partx -a "$dev"
mkdir -p "$root"
mount "${dev}p1" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts"

chroot "$root" /bin/sh -c "$(cat "$(dirname "$0")/io-provision.sh")"

for m in dev/pts dev sys proc; do umount "$root/$m"; done
umount "$root"
losetup -d "$dev"
dev=
mv "$img" "$out"
