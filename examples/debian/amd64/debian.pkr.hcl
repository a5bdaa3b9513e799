# A bootable Debian 12 (bookworm) amd64 disk image, built from scratch on a
# loop device: GPT with a BIOS boot partition and an ext4 root, the
# debootstrap base laid on it, then a kernel, systemd and GRUB installed
# with apt inside the chroot. Boots in QEMU's default BIOS (SeaBIOS):
#   qemu-system-x86_64 -m 1024 -nographic -drive file=output/debian-amd64.qcow2,if=virtio
# Make the base first (examples/debian/make-base.sh amd64), then, as root:
#   chrootforge build examples/debian/amd64

variable "base" {
  type        = string
  default     = ""
  description = "Rootfs tarball made by make-base.sh amd64; empty: examples/debian/base-amd64.tar.zst."
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

variable "output_format" {
  type        = string
  default     = "qcow2"
  description = "raw or qcow2."
}

locals {
  scripts    = "${path.root}/../scripts"
  base       = var.base != "" ? var.base : "${path.root}/../base-amd64.tar.zst"
  output_dir = var.output_dir != "" ? var.output_dir : "${path.root}/../output"
  ext        = var.output_format == "raw" ? "img" : var.output_format
}

source "chroot" "debian-amd64" {
  from_scratch = true
  image_size   = "2G"
  pre_mount_commands = [
    "sh '${local.scripts}/partition-disk.sh' '{{.Device}}' bios",
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
  chroot_env = {
    LANG = "C.UTF-8"
  }
  output_image  = "${local.output_dir}/debian-amd64.${local.ext}"
  output_format = var.output_format
}

build {
  sources = ["source.chroot.debian-amd64"]

  provisioner "file" {
    source      = "${path.root}/../files/chrootforge-marker.service"
    destination = "/etc/systemd/system/chrootforge-marker.service"
  }

  provisioner "shell" {
    script = "${local.scripts}/provision.sh"
    environment_vars = [
      "ARCH=amd64",
      "CONSOLE=ttyS0",
      "IMAGE_HOSTNAME=${var.hostname}",
      "USER_NAME=${var.user}",
      "USER_PASSWORD=${var.password}",
      "MARKER=${var.marker}",
    ]
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "${local.output_dir}/debian-amd64.${local.ext}.sha256"
  }
}
