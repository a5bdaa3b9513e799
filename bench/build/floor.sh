#!/usr/bin/env bash
# The floor: examples/busybox.pkr.hcl's build written by hand, the way one
# would script it without a tool. Same work: sparse copy, grow the root
# partition and its ext4, loop device, mounts, chroot mounts, resolv.conf
# swap, the provisioners, unmount, artifact, sha256 and manifest.
#
# Like for like: both sides compute the same checksum, sha256 over the whole
# 128 MiB artifact (holes read as zeros), as the template's checksum
# post-processor asks. The floor uses coreutils' sha256sum, what a script
# would call; on these machines it runs without the CPU's SHA extensions
# (~0.4 s), while chrootforge's OpenSSL hash takes ~0.1 s. So the floor
# prints the seconds its checksum took (`checksum-seconds N` on stdout) and
# bench.mjs also gives the ratio with the checksum left out of both sides.
#
# Usage: floor.sh BASE_IMAGE EXAMPLE_DIR OUT_DIR   (as root)
set -euo pipefail
base=$1 example=$2 out=$3
mkdir -p "$out"
work=$(mktemp -d)
img="$work/working.img"
root="$work/root"
dev=

cleanup() {
  set +e
  for m in proc/sys/fs/binfmt_misc dev/pts dev sys proc boot/firmware; do
    mountpoint -q "$root/$m" && umount "$root/$m"
  done
  mountpoint -q "$root" && umount "$root"
  [ -n "$dev" ] && losetup -d "$dev"
  rm -rf "$work"
}
trap cleanup EXIT

# Working image, grown to 128 MiB with its last partition and file system.
cp --sparse=always "$base" "$img"
truncate -s 128M "$img"
echo ', +' | sfdisk --quiet --no-reread --no-tell-kernel -N 2 "$img"
start=$(sfdisk --json "$img" | sed -n 's/.*"start": *\([0-9]*\).*/\1/p' | sed -n 2p)
size=$(sfdisk --json "$img" | sed -n 's/.*"size": *\([0-9]*\).*/\1/p' | sed -n 2p)
fsdev=$(losetup --find --show --offset $((start * 512)) --sizelimit $((size * 512)) "$img")
e2fsck -fy "$fsdev" >/dev/null 2>&1 || [ $? -le 2 ]
resize2fs "$fsdev" >/dev/null 2>&1
losetup -d "$fsdev"

# Attach and mount.
dev=$(losetup --find --show --partscan "$img")
[ -b "${dev}p2" ] || partx -a "$dev"
mkdir -p "$root"
mount "${dev}p2" "$root"
mount "${dev}p1" "$root/boot/firmware"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts"
mount -t binfmt_misc binfmt_misc "$root/proc/sys/fs/binfmt_misc"

# copy_files: save the image's resolv.conf symlink, copy the host's.
mv "$root/etc/resolv.conf" "$work/resolv.conf.saved"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# Provisioners.
chroot "$root" /bin/sh -ec "echo chrootforge-example > /etc/hostname; echo 'arm_64bit=1' > /boot/firmware/config.txt; mkdir -p /etc/chrootforge"
cp "$example/files/motd" "$root/etc/motd"
cp "$example/scripts/setup.sh" "$root/tmp/setup.sh"
chroot "$root" /usr/bin/env LANG=C "GREETING=hello from chrootforge" IMAGE_HOSTNAME=chrootforge-example /bin/sh -c 'chmod +x /tmp/setup.sh; /tmp/setup.sh' >/dev/null
rm -f "$root/tmp/setup.sh"
echo "the image root was mounted at $root from ${dev}p2" >/dev/null

# Restore and unmount.
rm -f "$root/etc/resolv.conf"
mv "$work/resolv.conf.saved" "$root/etc/resolv.conf"
for m in proc/sys/fs/binfmt_misc dev/pts dev sys proc boot/firmware; do umount "$root/$m"; done
umount "$root"
losetup -d "$dev"
dev=

# Artifact and post-processors.
mv "$img" "$out/busybox.img"
sum_start=$EPOCHREALTIME
(cd "$out" && sha256sum busybox.img | sed 's/  /\t/' >busybox.img.sha256)
sum_end=$EPOCHREALTIME
size_bytes=$(stat -c %s "$out/busybox.img")
printf '{\n  "builds": [\n    {\n      "name": "busybox",\n      "builder_type": "chroot",\n      "build_time": %s,\n      "files": [\n        {\n          "name": "busybox.img",\n          "size": %s\n        }\n      ],\n      "artifact_id": "%s",\n      "packer_run_uuid": "",\n      "custom_data": null\n    }\n  ],\n  "last_run_uuid": ""\n}' \
  "$(date +%s)" "$size_bytes" "$out/busybox.img" >"$out/packer-manifest.json"
echo "checksum-seconds $(awk -v a="$sum_start" -v b="$sum_end" 'BEGIN { printf "%.3f", b - a }')"
