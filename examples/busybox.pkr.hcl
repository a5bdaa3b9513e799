# The bundled example: a busybox root on a small partitioned raw disk,
# provisioned in a chroot on loop devices. Make the base image first:
#   examples/make-base-image.sh          (examples/build-example.sh does it all)
# then, as root:
#   chrootforge build examples/busybox.pkr.hcl

variable "base_image" {
  type        = string
  default     = "base.img"
  description = "Raw base image made by make-base-image.sh, relative to this directory."
}

variable "hostname" {
  type        = string
  default     = "chrootforge-example"
  description = "Written to /etc/hostname in the image."
}

locals {
  output_dir = "${path.root}/output"
}

source "chroot" "busybox" {
  source_image    = "${path.root}/${var.base_image}"
  source_checksum = "none"
  # The base image is 96 MiB: growing it also grows the root partition (the
  # last one) and its ext4 file system.
  image_size       = "128M"
  mount_partition  = "2"
  partition_mounts = [["1", "/boot/firmware"]]
  # chroot_mounts unset: proc, sysfs, /dev, devpts and binfmt_misc (Packer's five).
  # copy_files unset: the host's /etc/resolv.conf is copied in and the image's
  # own (a symlink) restored afterwards.
  chroot_env = {
    LANG = "C"
  }
  output_image  = "${local.output_dir}/busybox.img"
  output_format = "raw"
}

build {
  sources = ["source.chroot.busybox"]

  provisioner "shell" {
    inline = [
      "echo ${var.hostname} > /etc/hostname",
      "echo 'arm_64bit=1' > /boot/firmware/config.txt",
      "mkdir -p /etc/chrootforge",
    ]
  }

  provisioner "file" {
    source      = "${path.root}/files/motd"
    destination = "/etc/motd"
  }

  provisioner "shell" {
    script = "${path.root}/scripts/setup.sh"
    environment_vars = [
      "GREETING=hello from chrootforge",
      "IMAGE_HOSTNAME=${var.hostname}",
    ]
  }

  provisioner "shell-local" {
    inline = ["echo \"the image root was mounted at ${build.MountPath} from ${build.Device}\""]
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "${local.output_dir}/busybox.img.sha256"
  }

  post-processor "manifest" {
    output     = "${local.output_dir}/packer-manifest.json"
    strip_path = true
  }
}
