#!/bin/sh
# Inside the chroot: makes the debootstrap base a bootable system.
# Environment (from the template): ARCH (amd64|arm64), IMAGE_HOSTNAME,
# USER_NAME, USER_PASSWORD (empty: locked), MARKER, CONSOLE (ttyS0|ttyAMA0),
# INITRAMFS_MODULES (optional: only these modules in the initramfs).
#
# chrootforge puts a policy-rc.d in place for the build (prevent_service_starts),
# so no package's postinst starts a daemon in here.
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

# The disk: the root's device is a partition of the build's loop device.
root_dev=$(findmnt -no SOURCE /)
root_uuid=$(blkid -s UUID -o value "$root_dev")
disk=/dev/$(lsblk -no PKNAME "$root_dev")
[ -n "$root_uuid" ] && [ -b "$disk" ] || { echo "provision: cannot find the disk of $root_dev" >&2; exit 1; }
echo "provision: root $root_dev (UUID $root_uuid) on $disk"

case "$ARCH" in
  amd64)
    # grub-pc asks which disks to install to: nothing now, grub-install below.
    printf 'grub-pc grub-pc/install_devices multiselect\ngrub-pc grub-pc/install_devices_empty boolean true\n' |
      debconf-set-selections
    packages="linux-image-amd64 grub-pc"
    ;;
  arm64) packages="linux-image-arm64 grub-efi-arm64 mtools" ;;
  *) echo "provision: ARCH must be amd64 or arm64" >&2; exit 2 ;;
esac

# fstab by UUID, before the kernel's initramfs hook reads it.
printf 'UUID=%s / ext4 errors=remount-ro 0 1\n' "$root_uuid" >/etc/fstab
# (No /boot/efi line on arm64: the ESP's GRUB reads /boot/grub/grub.cfg
# from the root, which update-grub keeps current on kernel upgrades; the
# running system never needs the ESP mounted.)
[ "$ARCH" != arm64 ] || esp_dev=$(lsblk -lnpo NAME "$disk" | grep -E 'p1$')

cat >/etc/default/grub <<GRUB
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=tty0 console=$CONSOLE,115200n8"
GRUB_TERMINAL="console serial"
GRUB_SERIAL_COMMAND="serial --speed=115200"
GRUB
echo "$IMAGE_HOSTNAME" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' "$IMAGE_HOSTNAME" >/etc/hosts

apt-get -o Acquire::Languages=none update -q
# First the system (systemd-sysv: systemd as /sbin/init; udev finds the disk
# at boot), then the kernel and the bootloader: in one transaction the
# initramfs is made twice (the kernel's hook, then initramfs-tools' trigger
# that the other packages' hooks set off), which costs minutes when emulated.
apt-get install -y -q --no-install-recommends systemd-sysv udev initramfs-tools zstd sudo
if [ -n "${INITRAMFS_MODULES:-}" ]; then
  # Only these modules in the initramfs (the rest load from the root once
  # it is mounted): mkinitramfs walks every module of MODULES=most with
  # one short process after another, which takes many minutes when every
  # process is emulated.
  echo MODULES=list >/etc/initramfs-tools/conf.d/chrootforge-modules
  printf '%s\n' $INITRAMFS_MODULES >>/etc/initramfs-tools/modules
fi
apt-get install -y -q --no-install-recommends $packages

# Debian's 10_linux writes root=UUID=… only when /dev/disk/by-uuid/UUID
# exists. The build's /dev is the host's, where no udev may run: give the
# chroot a private /dev/disk for the length of update-grub.
private_disk=
if [ ! -e "/dev/disk/by-uuid/$root_uuid" ]; then
  mkdir -p /dev/disk 2>/dev/null || true
  mount -t tmpfs -o size=64k,mode=0755 chrootforge-disk /dev/disk
  private_disk=1
  mkdir /dev/disk/by-uuid
  ln -s "../../${root_dev#/dev/}" "/dev/disk/by-uuid/$root_uuid"
fi
update-grub
[ -z "$private_disk" ] || umount /dev/disk
grep -q "root=UUID=$root_uuid" /boot/grub/grub.cfg || { echo "provision: grub.cfg does not name the root by UUID" >&2; exit 1; }

case "$ARCH" in
  amd64)
    # BIOS: core.img into the BIOS boot partition, boot.img into the MBR.
    grub-install --target=i386-pc --recheck "$disk"
    ;;
  arm64)
    # UEFI: GRUB as the removable-media loader EFI/BOOT/BOOTAA64.EFI, with
    # its modules in a memdisk; it finds the root by UUID and reads the
    # grub.cfg update-grub wrote. Written with mtools (no vfat mount needed).
    # (The memdisk's modules are not loaded by themselves: the partition
    # table and file system drivers must be, before search can see the root.)
    cat >/tmp/grub-early.cfg <<CFG
insmod part_gpt
insmod ext2
if search --no-floppy --fs-uuid --set=root $root_uuid; then
  configfile (\$root)/boot/grub/grub.cfg
else
  echo "chrootforge: no file system with UUID $root_uuid"
fi
CFG
    grub-mkstandalone -O arm64-efi -o /tmp/BOOTAA64.EFI "boot/grub/grub.cfg=/tmp/grub-early.cfg"
    mmd -i "$esp_dev" ::/EFI ::/EFI/BOOT
    mcopy -i "$esp_dev" /tmp/BOOTAA64.EFI ::/EFI/BOOT/BOOTAA64.EFI
    rm -f /tmp/grub-early.cfg /tmp/BOOTAA64.EFI
    ;;
esac

# A user who may use sudo; the password is locked unless one was given.
id "$USER_NAME" >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo "$USER_NAME"
if [ -n "$USER_PASSWORD" ]; then echo "$USER_NAME:$USER_PASSWORD" | chpasswd; else passwd -l "$USER_NAME"; fi

# The marker the boot test looks for, printed by a unit at boot.
mkdir -p /etc/chrootforge
printf '%s\n' "$MARKER" >/etc/chrootforge/marker
systemctl enable chrootforge-marker.service

apt-get clean
rm -rf /var/lib/apt/lists/*
