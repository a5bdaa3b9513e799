# A Debian cloud image, provisioned in a chroot on loop devices by
# `chrootforge build`. Edit freely: diagnostics, completion (Ctrl+Space),
# hover and formatting (Shift+Alt+F) come from the same engine as the CLI.

variable "hostname" {
  type    = string
  default = "playground"
}

source "chroot" "debian" {
  source_image     = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.raw"
  source_checksum  = "none"
  image_size       = "4G"
  mount_partition  = "1"
  partition_mounts = [["15", "/boot/efi"]]
  chroot_env = {
    DEBIAN_FRONTEND = "noninteractive"
  }
  output_image  = "output/debian.qcow2"
  output_format = "qcow2"
}

build {
  sources = ["source.chroot.debian"]

  provisioner "shell" {
    inline = [
      "apt-get update",
      "apt-get install -y --no-install-recommends nginx",
      "echo ${var.hostname} > /etc/hostname",
    ]
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
  }
}
