#!/bin/sh
# Host side, from pre_mount_commands: partitions the build's empty loop
# device (GPT) and makes the file systems.
#   bios: p1 1 MiB BIOS boot (GRUB's core.img for grub-pc), p2 ext4 root
#   efi:  p1 64 MiB EFI system partition (FAT32),          p2 ext4 root
# No mount: the ESP is written later with mtools, because some kernels
# (this project's CI VMs among them) cannot mount vfat.
#
# Usage: partition-disk.sh /dev/loopN bios|efi
set -eu
device=$1
layout=$2
case "$layout" in
  bios) first="size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot" ;;
  efi) first="size=64MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp" ;;
  *) echo "partition-disk: layout must be bios or efi, not $layout" >&2; exit 2 ;;
esac
printf 'label: gpt\nstart=1MiB, %s\ntype=0FC63DAF-8483-4772-8E3D-693D8477DE4B, name=root\n' "$first" |
  sfdisk --quiet --wipe always "$device"

# The kernel may or may not have made the partition nodes (partscan races):
# ask for them, then wait until both exist.
partx --update "$device" 2>/dev/null || partx --add "$device" 2>/dev/null || true
i=0
until [ -b "${device}p1" ] && [ -b "${device}p2" ]; do
  i=$((i + 1))
  [ "$i" -le 50 ] || { echo "partition-disk: ${device}p1/p2 did not appear" >&2; exit 1; }
  sleep 0.1
done

[ "$layout" = bios ] || mkfs.vfat -F 32 -n ESP "${device}p1" >/dev/null
mkfs.ext4 -q -F -L root "${device}p2"
