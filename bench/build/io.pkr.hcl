# The I/O scenario of bench/build/io.mjs: a 1 GiB sparse image with one
# partition, a provisioner that writes 384 MiB from /dev/urandom and 1,000
# small files and syncs (io-provision.sh). io-floor.sh does the same by hand.

variable "base_image" {
  type = string
}

variable "output_image" {
  type = string
}

source "chroot" "io" {
  source_image    = var.base_image
  source_checksum = "none"
  mount_partition = "1"
  # The floor's four mounts (Packer's default adds binfmt_misc).
  chroot_mounts = [
    ["proc", "proc", "/proc"],
    ["sysfs", "sysfs", "/sys"],
    ["bind", "/dev", "/dev"],
    ["devpts", "devpts", "/dev/pts"],
  ]
  # The floor copies nothing in.
  copy_files    = []
  output_image  = var.output_image
  output_format = "raw"
}

build {
  sources = ["source.chroot.io"]

  provisioner "shell" {
    script = "${path.root}/io-provision.sh"
  }
}
