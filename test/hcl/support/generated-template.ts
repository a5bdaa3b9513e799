/** Generated templates of a given size, for timing the parser. */

/** A realistic template of about `lines` lines: variables, locals, sources, builds. */
export function generatedTemplate(lines: number): string {
  const chunks: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const chunk = `variable "name_${i}" {
  type        = string
  default     = "image-${i}"
  description = "Name number ${i} — with ünïcödé"
  validation {
    condition     = length(var.name_${i}) > 0
    error_message = "Must not be empty."
  }
}

locals {
  file_${i} = "\${var.name_${i}}-\${formatdate("YYYYMMDD", timestamp())}.img"
  list_${i} = [for s in ["a", "b", "c"] : upper(s) if s != "b"]
}

source "chroot" "src_${i}" {
  source_image    = "images/base-${i}.img"
  mount_partition = "1"
  chroot_env = {
    LANG = "C.UTF-8"
  }
  pre_mount_commands = ["echo {{.Device}}"]
}

build {
  sources = ["source.chroot.src_${i}"]
  provisioner "shell" {
    inline = [
      "echo \${local.file_${i}}",
      "apt-get install -y curl",
    ]
  }
  provisioner "file" {
    content     = <<-EOT
      hello ${i}
      EOT
    destination = "/etc/motd"
  }
}

`;
    chunks.push(chunk);
    count += chunk.split('\n').length - 1;
  }
  return chunks.join('');
}
