# An AMI built with Packer's amazon-chroot builder: chrootforge checks it
# with the plugin's full field list and its Prepare rules (it does not run it).

variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  stamp = formatdate("YYYYMMDD-hhmm", timestamp())
}

source "amazon-chroot" "base" {
  region          = var.region
  ami_name        = "base-${local.stamp}"
  source_ami      = "ami-0123456789abcdef0"
  command_wrapper = "sudo {{.Command}}"
  chroot_mounts = [
    ["proc", "proc", "/proc"],
    ["sysfs", "sysfs", "/sys"],
    ["bind", "/dev", "/dev"],
  ]
  post_mount_commands = ["echo mounted {{.Device}} at {{.MountPath}}"]
  tags = {
    Name = "base"
  }
}

build {
  sources = ["source.amazon-chroot.base"]

  provisioner "shell" {
    inline = ["yum -y update"]
  }
}
