#!/usr/bin/env bash
# Makes a small partitioned raw base image, offline, in about a second:
#   p1  32 MiB vfat  "boot"   (mounted at /boot/firmware by the example;
#                             ext2 when this kernel cannot mount vfat, as on
#                             the project's VMs: set BOOT_FS=vfat to force)
#   p2  rest   ext4  "rootfs" (a busybox-static root)
# No loop device and no mount: mkfs writes each file system at its offset.
# Run as root so the files in the image are owned by root.
#
# Usage: examples/make-base-image.sh [OUT.img] [SIZE_MiB]   (defaults: examples/base.img 96)
set -euo pipefail

out=${1:-"$(dirname "$0")/base.img"}
size_mib=${2:-96}
boot_mib=32
busybox=${BUSYBOX:-/bin/busybox}

for tool in sfdisk mkfs.ext4 mkfs.vfat truncate; do
  command -v "$tool" >/dev/null || { echo "make-base-image: $tool not found: run scripts/install-deps.sh" >&2; exit 1; }
done
[ -x "$busybox" ] || { echo "make-base-image: $busybox not found: apt-get install busybox-static" >&2; exit 1; }
[ "$size_mib" -ge $((boot_mib + 16)) ] || { echo "make-base-image: size must be at least $((boot_mib + 16)) MiB" >&2; exit 1; }

# A boot partition nobody can mount is useless to a build on this machine.
boot_fs=${BOOT_FS:-}
if [ -z "$boot_fs" ]; then
  if grep -qw vfat /proc/filesystems || modprobe -q vfat 2>/dev/null; then boot_fs=vfat; else boot_fs=ext2; fi
fi
boot_type=c; [ "$boot_fs" = vfat ] || boot_type=83

tree=$(mktemp -d)
tmp_img="$out.tmp-$$"
trap 'rm -rf "$tree" "$tmp_img"' EXIT

# --- the root tree -----------------------------------------------------------
install -d -m 0755 "$tree"/{bin,sbin,etc,dev,proc,sys,run,var,usr/bin,boot/firmware,home}
install -d -m 0700 "$tree/root"
install -d -m 1777 "$tree/tmp"
install -d -m 0755 "$tree/run/systemd/resolve"
install -m 0755 "$busybox" "$tree/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$tree/bin/$applet"
done
ln -s ../../bin/busybox "$tree/usr/bin/env"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tree/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$tree/etc/group"
cat >"$tree/etc/os-release" <<'OS'
NAME="chrootforge busybox"
ID=chrootforge-busybox
VERSION_ID=1
PRETTY_NAME="chrootforge busybox example"
OS
# As on systemd systems: resolv.conf is a relative symlink into /run.
# (copy_files must replace it for the build and restore the link after.)
ln -s ../run/systemd/resolve/stub-resolv.conf "$tree/etc/resolv.conf"
printf 'LABEL=rootfs / ext4 defaults 0 1\nLABEL=BOOT /boot/firmware %s defaults 0 2\n' "$boot_fs" >"$tree/etc/fstab"
echo base >"$tree/etc/hostname"

# --- the disk ----------------------------------------------------------------
rm -f "$tmp_img"
truncate -s "${size_mib}M" "$tmp_img"
sfdisk --quiet "$tmp_img" <<TABLE
label: dos
start=2048, size=$((boot_mib * 2048)), type=$boot_type, bootable
start=$((2048 + boot_mib * 2048)), type=83
TABLE
root_start=$((2048 + boot_mib * 2048))
root_kib=$(( (size_mib * 1024) - (root_start / 2) ))
if [ "$boot_fs" = vfat ]; then
  # mkfs.vfat warns that the file is larger than the file system it makes: expected.
  if ! msg=$(mkfs.vfat -n BOOT --offset=2048 "$tmp_img" $((boot_mib * 1024)) 2>&1); then echo "$msg" >&2; exit 1; fi
else
  mkfs.ext2 -q -F -L BOOT -E offset=$((2048 * 512)) "$tmp_img" "$((boot_mib * 1024))k"
fi
mkfs.ext4 -q -F -L rootfs -E offset=$((root_start * 512)) -d "$tree" "$tmp_img" "${root_kib}k"
mv -f "$tmp_img" "$out"
echo "made $out (${size_mib} MiB: p1 $boot_fs boot, p2 ext4 root)"
