# A bootable Debian 12 (bookworm) arm64 disk image, built on an amd64 host
# through qemu user emulation (qemu-user-static, registered in binfmt_misc):
# GPT with an EFI system partition and an ext4 root, the arm64 debootstrap
# base laid on it, then a kernel, systemd and GRUB (grub-efi-arm64)
# installed with apt inside the chroot. Boots with the UEFI firmware of
# Debian's qemu-efi-aarch64:
#   qemu-system-aarch64 -machine virt -cpu cortex-a57 -m 1024 -nographic \
#     -bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd -drive file=output/debian-arm64.qcow2,if=virtio
# Make the base first (examples/debian/make-base.sh arm64), then, as root:
#   chrootforge build examples/debian/arm64

variable "base" {
  type        = string
  default     = ""
  description = "Rootfs tarball made by make-base.sh arm64; empty: examples/debian/base-arm64.tar.zst."
}

variable "output_dir" {
  type        = string
  default     = ""
  description = "Where the image goes; empty: examples/debian/output."
}

variable "hostname" {
  type    = string
  default = "debian-chrootforge"
}

variable "user" {
  type        = string
  default     = "debian"
  description = "A user in the sudo group."
}

variable "password" {
  type        = string
  default     = ""
  sensitive   = true
  description = "The user's password; empty leaves it locked."
}

variable "marker" {
  type        = string
  default     = "chrootforge: the image booted"
  description = "Printed on the console at boot by chrootforge-marker.service."
}

variable "initramfs_modules" {
  type        = string
  default     = "virtio_pci virtio_mmio virtio_blk ext4"
  description = "Modules the initramfs holds (MODULES=list); empty: Debian's default, every storage driver (slow when emulated)."
}

variable "output_format" {
  type        = string
  default     = "qcow2"
  description = "raw or qcow2."
}

locals {
  scripts    = "${path.root}/../scripts"
  base       = var.base != "" ? var.base : "${path.root}/../base-arm64.tar.zst"
  output_dir = var.output_dir != "" ? var.output_dir : "${path.root}/../output"
  ext        = var.output_format == "raw" ? "img" : var.output_format
}

source "chroot" "debian-arm64" {
  from_scratch = true
  image_size   = "2G"
  pre_mount_commands = [
    "sh '${local.scripts}/partition-disk.sh' '{{.Device}}' efi",
  ]
  mount_partition = "2"
  post_mount_commands = [
    "tar --numeric-owner --xattrs --xattrs-include='*' --acls --zstd -C '{{.MountPath}}' -xf '${local.base}'",
  ]
  # Blocks freed during the build (apt's downloads, the extracted base's
  # temp files) become holes again: smaller raw and qcow2 artifacts.
  pre_unmount_commands = ["fstrim --quiet-unsupported '{{.MountPath}}'"]
  # from_scratch copies nothing by default; apt needs the host's resolver.
  # The copy is removed again before the image is written.
  copy_files = ["/etc/resolv.conf"]
  # Every program of the image runs through this emulator (the binfmt_misc
  # entry Debian's qemu-user-static registers, with the F flag).
  qemu_binary = "qemu-aarch64-static"
  chroot_env = {
    LANG = "C.UTF-8"
  }
  output_image  = "${local.output_dir}/debian-arm64.${local.ext}"
  output_format = var.output_format
}

build {
  sources = ["source.chroot.debian-arm64"]

  provisioner "file" {
    source      = "${path.root}/../files/chrootforge-marker.service"
    destination = "/etc/systemd/system/chrootforge-marker.service"
  }

  provisioner "shell" {
    script = "${local.scripts}/provision.sh"
    environment_vars = [
      "ARCH=arm64",
      "CONSOLE=ttyAMA0",
      # The initramfs gets what QEMU's virt machine needs to find the root
      # (an emulated mkinitramfs over every module takes many minutes);
      # empty it for an image meant for other hardware.
      "INITRAMFS_MODULES=${var.initramfs_modules}",
      "IMAGE_HOSTNAME=${var.hostname}",
      "USER_NAME=${var.user}",
      "USER_PASSWORD=${var.password}",
      "MARKER=${var.marker}",
    ]
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "${local.output_dir}/debian-arm64.${local.ext}.sha256"
  }
}
