#!/usr/bin/env bash
# The I/O scenario's base image: 1 GiB sparse, one partition (ext4, a busybox
# root), made offline (mkfs writes at the partition's offset; no loop device).
# Usage: make-io-base.sh OUT.img   (as root)
set -euo pipefail
out=$1
busybox=${BUSYBOX:-/bin/busybox}
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
install -d -m 0755 "$tree"/{bin,etc,dev,proc,sys,usr/bin}
install -d -m 1777 "$tree/tmp"
install -m 0755 "$busybox" "$tree/bin/busybox"
for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -s busybox "$tree/bin/$applet"; done
ln -s ../../bin/busybox "$tree/usr/bin/env"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tree/etc/passwd"
rm -f "$out"
truncate -s 1G "$out"
echo 'start=2048, type=83' | sfdisk --quiet "$out"
mkfs.ext4 -q -F -L rootfs -E offset=$((2048 * 512)) -d "$tree" "$out" $(( (1024 * 1024) - 1024 ))k
